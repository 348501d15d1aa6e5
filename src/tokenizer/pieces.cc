#include "tokenizer/pieces.h"

#include "tokenizer/byte_level.h"

namespace hearth {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "<0xAB>" -> the byte 0xAB; anything else (a byte token with a malformed text) -> nothing.
void AppendByteOfByteToken(std::string_view text, std::string* out) {
  if (text.size() != 6 || text.substr(0, 3) != "<0x" || text[5] != '>') return;
  const int hi = HexDigit(text[3]), lo = HexDigit(text[4]);
  if (hi >= 0 && lo >= 0) out->push_back(char(hi * 16 + lo));
}

void AppendUnescapedSpaces(std::string_view text, std::string* out) {
  for (size_t i = 0; i < text.size();) {
    if (text.substr(i, kSpaceMark.size()) == kSpaceMark) {
      out->push_back(' ');
      i += kSpaceMark.size();
    } else {
      out->push_back(text[i++]);
    }
  }
}

void AppendPiece(const Vocabulary& vocab, TokenId id, PieceSpelling spelling, std::string* out) {
  const std::string_view text = vocab.Text(id);
  if (vocab.HasAttr(id, kAttrControl | kAttrUnknown | kAttrUserDefined)) {
    out->append(text);
  } else if (vocab.HasAttr(id, kAttrNormal)) {
    if (spelling == PieceSpelling::kByteLevel) {
      byte_level::AppendDecodedSymbols(text, out);
    } else {
      AppendUnescapedSpaces(text, out);
    }
  } else if (vocab.HasAttr(id, kAttrByte)) {
    AppendByteOfByteToken(text, out);
  }
}

}  // namespace

PieceTable::PieceTable(const Vocabulary& vocab, PieceSpelling spelling) {
  offsets_.reserve(size_t(vocab.size()) + 1);
  for (TokenId id = 0; id < vocab.size(); ++id) {
    offsets_.push_back(arena_.size());
    AppendPiece(vocab, id, spelling, &arena_);
  }
  offsets_.push_back(arena_.size());
}

void CleanUpSpaces(std::string* text) {
  std::string& s = *text;
  if (s.empty()) return;
  // Each pass writes at `out` <= the read position, so s[i - 1] is still the input's character.
  // 1. " ?", " !", " .", " ,": drop the space.
  size_t out = 1;
  for (size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (s[i - 1] == ' ' && (c == '?' || c == '!' || c == '.' || c == ',')) --out;
    s[out++] = c;
  }
  s.resize(out);
  // 2. " ' " -> "'". The reference blanks the skipped space with a NUL, which a following
  // apostrophe then sees as its left neighbour; the same happens here.
  out = 1;
  for (size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\'' && i + 1 < s.size() && s[i - 1] == ' ' && s[i + 1] == ' ') {
      --out;
      s[++i] = '\0';
    }
    s[out++] = c;
  }
  s.resize(out);
  // 3. " 's", " 'm", " 're", " 've": drop the space (" 't", " 'd", " 'll" keep it).
  out = 1;
  for (size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (s[i - 1] == ' ' && c == '\'' && i + 1 < s.size()) {
      const char c1 = s[i + 1];
      const char c2 = i + 2 < s.size() ? s[i + 2] : '\0';
      if (c1 == 's' || c1 == 'm' ||
          (i + 2 < s.size() && ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e')))) {
        --out;
      }
    }
    s[out++] = c;
  }
  s.resize(out);
}

}  // namespace hearth
