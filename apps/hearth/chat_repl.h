// The interactive chat of `hearth run MODEL` (no prompt, a terminal on stdin), like `ollama run`:
// the conversation is kept and re-rendered through the chat template each turn, and the KV
// cache keeps every token the new prompt shares with what was already evaluated.
//   """ ... """   multi-line input          /set parameter NAME VALUE   sampling, num_ctx, ...
//   /set system TEXT   a system message       /show parameters            current settings
//   /clear   forget the conversation          /bye or Ctrl-D              leave
//   Ctrl-C   stops the answer being written (at the prompt: a hint how to leave)
#pragma once

#include "base/thread_pool.h"
#include "chat/chat_template.h"
#include "generation_flags.h"
#include "llm/model.h"

namespace hearth::cli {

// Runs the REPL until /bye or end of input; returns the process exit code.
int RunChatRepl(const Model& model, ThreadPool& pool, const ChatTemplate& chat_template,
                GenerationFlags flags, bool verbose);

}  // namespace hearth::cli
