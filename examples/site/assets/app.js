// Shows when this page was last deployed: S3 answers every object with its Last-Modified date.
document.addEventListener('DOMContentLoaded', async () => {
  const el = document.getElementById('updated');
  if (!el) return;
  try {
    const res = await fetch(location.pathname, { method: 'HEAD', cache: 'no-store' });
    const modified = res.headers.get('last-modified');
    if (modified) el.textContent = new Date(modified).toLocaleString();
  } catch {
    // Offline or opened from disk: keep the default text.
  }
});
