#!/usr/bin/env node
// Load generator for an OpenAI-compatible server (hearth serve, llama-server, ...): for each
// concurrency level, that many clients each send `--requests` streaming completions one after
// another; prints aggregate generated tokens/s and time-to-first-token percentiles as JSON
// lines (one per level) and a markdown table.
//
//   node bench/serve_load.mjs --url http://127.0.0.1:11434 --model NAME \
//        [--streams 1,4,8] [--requests 2] [--max-tokens 128] [--prompt-words 64] [--label X]
//
// Every request asks for exactly --max-tokens tokens (temperature 0, ignore_eos), so both
// engines do the same work; the prompt differs per client (a client number in front), so no
// engine can answer one client from another's cache.
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:11434' },
    model: { type: 'string', default: 'default' },
    streams: { type: 'string', default: '1,4,8' },
    requests: { type: 'string', default: '2' },
    'max-tokens': { type: 'string', default: '128' },
    'prompt-words': { type: 'string', default: '64' },
    label: { type: 'string', default: '' },
  },
});

const maxTokens = Number(opts['max-tokens']);
const words = 'the quick brown fox jumps over a lazy dog while children play in the park'.split(' ');

function promptFor(client, request) {
  const body = [];
  for (let i = 0; i < Number(opts['prompt-words']); ++i) body.push(words[(i * 7 + client) % words.length]);
  return `Story ${client}.${request}: ${body.join(' ')}`;
}

// One streaming completion; resolves to {ttftMs, tokens, totalMs}.
async function complete(prompt) {
  const start = performance.now();
  const response = await fetch(`${opts.url}/v1/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: opts.model, prompt, max_tokens: maxTokens, temperature: 0, stream: true,
      ignore_eos: true, stream_options: { include_usage: true },
    }),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  const decoder = new TextDecoder();
  let buffer = '', ttft = null, chunks = 0, usageTokens = null;
  for await (const bytes of response.body) {
    buffer += decoder.decode(bytes, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end).trim();
      buffer = buffer.slice(end + 2);
      if (!frame.startsWith('data:')) continue;
      const data = frame.slice(5).trim();
      if (data === '[DONE]') continue;
      const event = JSON.parse(data);
      if (event.usage) usageTokens = event.usage.completion_tokens;
      if (event.choices && event.choices.length > 0) {
        if (ttft === null) ttft = performance.now() - start;
        ++chunks;
      }
    }
  }
  return { ttftMs: ttft ?? NaN, tokens: usageTokens ?? chunks, totalMs: performance.now() - start };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

async function level(streams) {
  const requests = Number(opts.requests);
  const results = [];
  const start = performance.now();
  await Promise.all(Array.from({ length: streams }, async (_, client) => {
    for (let r = 0; r < requests; ++r) results.push(await complete(promptFor(client, r)));
  }));
  const wallS = (performance.now() - start) / 1000;
  const ttfts = results.map((r) => r.ttftMs).sort((a, b) => a - b);
  const tokens = results.reduce((sum, r) => sum + r.tokens, 0);
  return {
    label: opts.label, streams, requests: results.length, tokens, wall_s: wallS,
    tokens_per_s: tokens / wallS, ttft_p50_ms: percentile(ttfts, 50), ttft_p95_ms: percentile(ttfts, 95),
  };
}

const rows = [];
await complete(promptFor(999, 0));  // warm-up: loads the model
for (const s of opts.streams.split(',').map(Number)) {
  const row = await level(s);
  console.log(JSON.stringify(row));
  rows.push(row);
}
console.log(`\n| ${opts.label || 'server'} streams | generated tok/s | TTFT p50 ms | TTFT p95 ms |`);
console.log('|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.streams} | ${r.tokens_per_s.toFixed(1)} | ${r.ttft_p50_ms.toFixed(0)} | ${r.ttft_p95_ms.toFixed(0)} |`);
}
