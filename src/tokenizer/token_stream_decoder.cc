#include "tokenizer/tokenizer.h"
#include "tokenizer/utf8.h"

namespace hearth {

TokenStreamDecoder::TokenStreamDecoder(const Tokenizer& tokenizer, bool render_special)
    : tokenizer_(tokenizer), render_special_(render_special) {}

std::string TokenStreamDecoder::Push(TokenId id, bool render_special) {
  pending_ += tokenizer_.TokenToPiece(id, render_special || render_special_);
  std::string out;
  std::string_view rest = pending_;
  while (!rest.empty()) {
    const utf8::Utf8Prefix prefix = utf8::ValidUtf8Prefix(rest);
    out.append(rest.substr(0, prefix.valid_bytes));
    rest.remove_prefix(prefix.valid_bytes);
    if (prefix.incomplete) break;  // wait for the bytes that complete it
    if (prefix.invalid_bytes > 0) {
      utf8::AppendUtf8(utf8::kReplacementChar, &out);
      rest.remove_prefix(prefix.invalid_bytes);
    }
  }
  pending_ = std::string(rest);
  return out;
}

std::string TokenStreamDecoder::Finish() {
  std::string out = utf8::RepairUtf8(pending_);
  pending_.clear();
  return out;
}

}  // namespace hearth
