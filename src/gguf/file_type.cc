#include "gguf/file_type.h"

#include <array>
#include <cctype>

namespace hearth {
namespace {

constexpr uint32_t kGuessedFlag = 1024;

struct FileTypeEntry {
  uint32_t id;
  std::string_view name;
};

constexpr std::array<FileTypeEntry, 34> kFileTypes = {{
    {0, "F32"},     {1, "F16"},      {2, "Q4_0"},     {3, "Q4_1"},       {4, "Q4_1_SOME_F16"},
    {7, "Q8_0"},    {8, "Q5_0"},     {9, "Q5_1"},     {10, "Q2_K"},      {11, "Q3_K_S"},
    {12, "Q3_K_M"}, {13, "Q3_K_L"},  {14, "Q4_K_S"},  {15, "Q4_K_M"},    {16, "Q5_K_S"},
    {17, "Q5_K_M"}, {18, "Q6_K"},    {19, "IQ2_XXS"}, {20, "IQ2_XS"},    {21, "Q2_K_S"},
    {22, "IQ3_XS"}, {23, "IQ3_XXS"}, {24, "IQ1_S"},   {25, "IQ4_NL"},    {26, "IQ3_S"},
    {27, "IQ3_M"},  {28, "IQ2_S"},   {29, "IQ2_M"},   {30, "IQ4_XS"},    {31, "IQ1_M"},
    {32, "BF16"},   {36, "TQ1_0"},   {37, "TQ2_0"},   {38, "MXFP4_MOE"},
}};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string_view FileTypeName(uint32_t file_type) {
  file_type &= ~kGuessedFlag;
  for (const FileTypeEntry& e : kFileTypes) {
    if (e.id == file_type) return e.name;
  }
  return "";
}

std::optional<uint32_t> FileTypeFromName(std::string_view name) {
  for (const FileTypeEntry& e : kFileTypes) {
    if (EqualsIgnoreCase(e.name, name)) return e.id;
  }
  return std::nullopt;
}

}  // namespace hearth
