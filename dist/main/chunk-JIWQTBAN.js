import { createRequire as __arkitRequire } from 'node:module'; const require = __arkitRequire(import.meta.url);
import{a as r}from"./chunk-T5S3Z5P7.js";function e(s){let o=r(n=>Array.isArray(n)?n.map(o):n&&typeof n=="object"?Object.fromEntries(Object.keys(n).sort().map(t=>[t,o(n[t])])):n,"sort");return JSON.stringify(o(s))}r(e,"canonicalJson");export{e as a};
