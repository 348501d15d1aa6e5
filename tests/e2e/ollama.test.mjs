// hearth serve driven by the official `ollama` npm client.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Ollama } from 'ollama';
import { apiKey, startServer } from './server.mjs';

const model = 'stories260K';
let server, ollama;

before(async () => {
  server = await startServer();
  ollama = new Ollama({ host: server.url, headers: { Authorization: `Bearer ${apiKey}` } });
});
after(async () => { await server.stop(); });

const options = { temperature: 0, num_predict: 16 };

test('generate, not streamed, with Ollama counts and durations', async () => {
  const r = await ollama.generate({ model, prompt: 'Once upon a time', options, stream: false });
  assert.equal(r.done, true);
  assert.ok(r.response.length > 0);
  assert.ok(['stop', 'length'].includes(r.done_reason));
  assert.ok(r.eval_count > 0 && r.eval_count <= 16);
  assert.ok(r.prompt_eval_count > 0);
  assert.ok(r.total_duration > 0 && r.eval_duration > 0);
});

test('generate streamed equals not streamed', async () => {
  const whole = await ollama.generate({ model, prompt: 'The little dog', options, stream: false });
  let text = '', last = null;
  for await (const part of await ollama.generate({ model, prompt: 'The little dog', options, stream: true })) {
    text += part.response;
    last = part;
  }
  assert.equal(text, whole.response);
  assert.equal(last.done, true);
  assert.equal(last.eval_count, whole.eval_count);
});

test('chat streamed and not', async () => {
  const messages = [{ role: 'user', content: 'Tell me a story' }];
  const whole = await ollama.chat({ model, messages, options, stream: false });
  assert.equal(whole.message.role, 'assistant');
  let text = '';
  for await (const part of await ollama.chat({ model, messages, options, stream: true })) text += part.message.content;
  assert.equal(text, whole.message.content);
});

test('format json output parses', async () => {
  const r = await ollama.generate({ model, prompt: 'A person:', format: 'json',
    options: { temperature: 0.7, seed: 2, num_predict: 200 }, stream: false });
  assert.equal(typeof JSON.parse(r.response), 'object');
});

test('tags, ps, show, version', async () => {
  const tags = await ollama.list();
  assert.ok(tags.models.some((m) => m.name.startsWith(model)));
  await ollama.generate({ model, prompt: 'Hi', options, stream: false });
  const ps = await ollama.ps();
  assert.ok(ps.models.some((m) => m.name.startsWith(model)));
  const show = await ollama.show({ model });
  assert.equal(show.details.family, 'llama');
  assert.ok(show.model_info['general.architecture'] === 'llama');
  // ollama-js 0.5 has no version() call: ask the route directly.
  const version = await (await fetch(`${server.url}/api/version`,
    { headers: { authorization: `Bearer ${apiKey}` } })).json();
  assert.equal(typeof version.version, 'string');
});

test('an unknown model is a clear error', async () => {
  await assert.rejects(ollama.generate({ model: 'no-such-model', prompt: 'x', stream: false }),
    (e) => /no-such-model/.test(e.message));
});
