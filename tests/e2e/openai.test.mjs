// hearth serve driven by the official `openai` npm client, as an existing application would.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { apiKey, startServer } from './server.mjs';

const model = 'stories260K';
let server, client;

before(async () => {
  server = await startServer();
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey, maxRetries: 0 });
});
after(async () => { await server.stop(); });

const greedy = { model, temperature: 0, max_tokens: 24 };
const story = [{ role: 'user', content: 'Once upon a time' }];

async function collect(stream) {
  let text = '', finish = null, usage = null, chunks = 0;
  for await (const chunk of stream) {
    ++chunks;
    if (chunk.usage) usage = chunk.usage;
    for (const choice of chunk.choices) {
      text += choice.delta?.content ?? choice.text ?? '';
      if (choice.finish_reason) finish = choice.finish_reason;
    }
  }
  return { text, finish, usage, chunks };
}

test('chat completion, not streamed: content, finish reason and usage', async () => {
  const r = await client.chat.completions.create({ ...greedy, messages: story });
  assert.equal(r.object, 'chat.completion');
  assert.equal(r.choices.length, 1);
  assert.equal(r.choices[0].message.role, 'assistant');
  assert.ok(r.choices[0].message.content.length > 0);
  assert.ok(['stop', 'length'].includes(r.choices[0].finish_reason));
  assert.ok(r.usage.prompt_tokens > 0);
  assert.ok(r.usage.completion_tokens > 0 && r.usage.completion_tokens <= 24);
  assert.equal(r.usage.total_tokens, r.usage.prompt_tokens + r.usage.completion_tokens);
});

test('chat completion streamed equals the same request not streamed', async () => {
  const whole = await client.chat.completions.create({ ...greedy, messages: story });
  const streamed = await collect(await client.chat.completions.create({
    ...greedy, messages: story, stream: true, stream_options: { include_usage: true } }));
  assert.equal(streamed.text, whole.choices[0].message.content);
  assert.equal(streamed.finish, whole.choices[0].finish_reason);
  assert.deepEqual(streamed.usage.completion_tokens, whole.usage.completion_tokens);
});

test('completions: max_tokens ends with length; a stop sequence is never emitted', async () => {
  const full = await client.completions.create({ ...greedy, prompt: 'Once upon a time', max_tokens: 40 });
  const text = full.choices[0].text;
  assert.equal(full.choices[0].finish_reason, 'length');
  assert.ok(text.length > 12, text);
  const stop = text.slice(8, 12);
  const stopped = await client.completions.create({ ...greedy, prompt: 'Once upon a time', max_tokens: 40, stop: [stop] });
  assert.equal(stopped.choices[0].finish_reason, 'stop');
  assert.equal(stopped.choices[0].text, text.slice(0, text.indexOf(stop)));
  const streamed = await collect(await client.completions.create({
    ...greedy, prompt: 'Once upon a time', max_tokens: 40, stop: stop, stream: true }));
  assert.equal(streamed.text, stopped.choices[0].text);
  assert.equal(streamed.finish, 'stop');
});

test('a repeated prompt reports cached tokens', async () => {
  const messages = [{ role: 'user', content: 'The little dog ran to the big red barn and' }];
  await client.chat.completions.create({ ...greedy, messages });
  const again = await client.chat.completions.create({ ...greedy, messages });
  assert.ok(again.usage.prompt_tokens_details.cached_tokens > 0);
});

test('logprobs with top alternatives', async () => {
  const r = await client.chat.completions.create({ ...greedy, max_tokens: 5, messages: story,
    logprobs: true, top_logprobs: 3 });
  const content = r.choices[0].logprobs.content;
  assert.ok(content.length > 0);
  for (const entry of content) {
    assert.equal(typeof entry.token, 'string');
    assert.ok(entry.logprob <= 0);
    assert.equal(entry.top_logprobs.length, 3);
  }
});

test('n = 2 returns two indexed choices', async () => {
  const r = await client.chat.completions.create({ ...greedy, messages: story, n: 2, temperature: 0.8, seed: 7 });
  assert.deepEqual(r.choices.map((c) => c.index), [0, 1]);
});

test('JSON mode output parses', async () => {
  const r = await client.chat.completions.create({ model, messages: story, max_tokens: 200,
    temperature: 0.7, seed: 3, response_format: { type: 'json_object' } });
  const value = JSON.parse(r.choices[0].message.content);
  assert.equal(typeof value, 'object');
});

test('json_schema output validates', async () => {
  const schema = { type: 'object', properties: { name: { type: 'string', maxLength: 20 },
    age: { type: 'integer' } }, required: ['name', 'age'], additionalProperties: false };
  const r = await client.chat.completions.create({ model, messages: story, max_tokens: 200,
    temperature: 0.7, seed: 5, response_format: { type: 'json_schema',
      json_schema: { name: 'person', schema, strict: true } } });
  const value = JSON.parse(r.choices[0].message.content);
  assert.equal(typeof value.name, 'string');
  assert.ok(Number.isInteger(value.age));
  assert.deepEqual(Object.keys(value).sort(), ['age', 'name']);
});

test('tool call round trip', async () => {
  const tools = [{ type: 'function', function: { name: 'get_weather', description: 'Weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string', maxLength: 16 } }, required: ['city'] } } }];
  const messages = [{ role: 'user', content: 'What is the weather in Paris?' }];
  const first = await client.chat.completions.create({ model, messages, tools, tool_choice: 'required',
    max_tokens: 100, temperature: 0 });
  const choice = first.choices[0];
  assert.equal(choice.finish_reason, 'tool_calls');
  const call = choice.message.tool_calls[0];
  assert.equal(call.type, 'function');
  assert.equal(call.function.name, 'get_weather');
  assert.equal(typeof JSON.parse(call.function.arguments).city, 'string');
  // Streamed, the same call arrives as tool_calls deltas.
  const stream = await client.chat.completions.create({ model, messages, tools, tool_choice: 'required',
    max_tokens: 100, temperature: 0, stream: true });
  let name = '', args = '', finish = null;
  for await (const chunk of stream) {
    for (const c of chunk.choices) {
      for (const t of c.delta?.tool_calls ?? []) {
        name += t.function?.name ?? '';
        args += t.function?.arguments ?? '';
      }
      if (c.finish_reason) finish = c.finish_reason;
    }
  }
  assert.equal(name, 'get_weather');
  assert.deepEqual(JSON.parse(args), JSON.parse(call.function.arguments));
  assert.equal(finish, 'tool_calls');
  // The result goes back and the model answers in text.
  const second = await client.chat.completions.create({ model, tools, max_tokens: 16, temperature: 0,
    messages: [...messages, choice.message, { role: 'tool', tool_call_id: call.id, content: '{"celsius": 21}' }] });
  assert.ok(['stop', 'length'].includes(second.choices[0].finish_reason));
  assert.equal(typeof second.choices[0].message.content, 'string');
});

test('models are listed', async () => {
  const list = await client.models.list();
  assert.ok(list.data.some((m) => m.id === model));
  const one = await client.models.retrieve(model);
  assert.equal(one.id, model);
});

test('errors: unknown model, bad JSON, oversized prompt, missing key', async () => {
  await assert.rejects(client.chat.completions.create({ ...greedy, model: 'no-such-model', messages: story }),
    (e) => e.status === 404 && typeof e.error?.message === 'string');
  const bad = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: '{"model": ' });
  assert.equal(bad.status, 400);
  const body = await bad.json();
  assert.equal(typeof body.error.message, 'string');
  assert.equal(body.error.type, 'invalid_request_error');
  const long = 'once upon a time '.repeat(1000);  // about 4000 tokens, over --ctx-size 2048
  await assert.rejects(client.completions.create({ ...greedy, prompt: long }),
    (e) => e.status === 400 && /\d+ tokens/.test(e.error?.message ?? e.message));
  const anonymous = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'wrong', maxRetries: 0 });
  await assert.rejects(anonymous.models.list(), (e) => e.status === 401);
});

test('eight concurrent greedy requests each equal the same request alone', async () => {
  const prompts = ['Once upon a time', 'The little dog', 'Lily and Tom went', 'One day, a bird',
    'The sun was hot', 'There was a big tree', 'Sam had a red ball', 'Mom said'];
  const ask = (p) => client.completions.create({ ...greedy, prompt: p, max_tokens: 32 });
  const alone = [];
  for (const p of prompts) alone.push((await ask(p)).choices[0].text);
  const together = await Promise.all(prompts.map(ask));
  assert.deepEqual(together.map((r) => r.choices[0].text), alone);
});

test('a cancelled stream frees its slot', async () => {
  const controller = new AbortController();
  const stream = await client.completions.create({ ...greedy, prompt: 'Once upon a time', max_tokens: 400,
    ignore_eos: true, stream: true }, { signal: controller.signal });
  let seen = 0;
  try {
    for await (const _ of stream) { if (++seen === 3) controller.abort(); }
  } catch { /* aborted */ }
  let active = -1;
  for (let i = 0; i < 50 && active !== 0; ++i) {
    await new Promise((r) => setTimeout(r, 100));
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${apiKey}` } })).text();
    const line = metrics.split('\n').find((l) => l.startsWith('hearth_active_sequences'));
    active = line ? Number(line.trim().split(/\s+/).pop()) : -1;
  }
  assert.equal(active, 0);
});
