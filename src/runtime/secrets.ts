/** Known secret values, replaced by *** in every line this toolkit writes. */
export class Redactor {
  private values: string[] = [];

  add(value: string | undefined): void {
    if (!value) return;
    const forms = new Set([value, value.trim(), encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
    for (const form of forms) {
      // Very short values would shred ordinary words; such values are not useful secrets anyway.
      if (form.length >= 4 && !this.values.includes(form)) this.values.push(form);
    }
    this.values.sort((a, b) => b.length - a.length);
  }

  get size(): number {
    return this.values.length;
  }

  redact(text: string): string {
    let out = text;
    for (const v of this.values) {
      if (out.includes(v)) out = out.split(v).join('***');
    }
    return out;
  }
}
