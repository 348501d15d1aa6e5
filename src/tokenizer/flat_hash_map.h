// FlatHashMap: an insert-only open-addressing hash map (linear probing, power-of-two capacity,
// load factor at most 3/4) for the tokenizer's large, build-once tables: token text -> id (keys
// are string_views into storage the owner keeps alive and never moves) and
// (left id, right id) -> merge.
//
// A slot is empty when its key equals KeyTraits::Empty(), a value that must never be inserted
// (a null string_view; an all-ones integer). Slots of string keys keep 32 bits of the hash, so a
// probe reads the key's bytes only when those match. Tables this large live in main memory, not
// in cache: loops over many keys should call Prefetch() a few keys ahead of Find()/Insert().
// Lookups never allocate; a table is built once while loading and only read afterwards, so
// concurrent Find() calls are safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "base/check.h"

namespace hearth {

// A fast, non-cryptographic hash of a byte string (8 bytes at a time, multiply-xorshift).
inline uint64_t HashBytes(std::string_view bytes) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;
  uint64_t h = bytes.size() * kMul;
  const char* p = bytes.data();
  size_t n = bytes.size();
  for (; n >= 8; n -= 8, p += 8) {
    uint64_t chunk;
    std::memcpy(&chunk, p, 8);
    h = (h ^ chunk) * kMul;
    h ^= h >> 29;
  }
  if (n > 0) {
    uint64_t chunk = 0;
    std::memcpy(&chunk, p, n);
    h = (h ^ chunk) * kMul;
  }
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ULL;
  h ^= h >> 32;
  return h;
}

// 64-bit mixer (the finalizer of MurmurHash3) for integer keys.
inline uint64_t HashInteger(uint64_t x) {
  x ^= x >> 33;
  x *= 0xFF51AFD7ED558CCDULL;
  x ^= x >> 33;
  x *= 0xC4CEB9FE1A85EC53ULL;
  x ^= x >> 33;
  return x;
}

template <typename Key>
struct KeyTraits;

template <>
struct KeyTraits<std::string_view> {
  static constexpr bool kTagged = true;  // comparing keys costs a memory access
  static std::string_view Empty() { return {}; }
  static bool IsEmpty(std::string_view key) { return key.data() == nullptr; }
  static uint64_t Hash(std::string_view key) { return HashBytes(key); }
};

template <>
struct KeyTraits<uint64_t> {
  static constexpr bool kTagged = false;
  static uint64_t Empty() { return ~uint64_t{0}; }
  static bool IsEmpty(uint64_t key) { return key == ~uint64_t{0}; }
  static uint64_t Hash(uint64_t key) { return HashInteger(key); }
};

template <typename Key, typename Value>
class FlatHashMap {
  using Traits = KeyTraits<Key>;

 public:
  FlatHashMap() = default;

  // Sizes the table for `n` keys. Cheapest before inserting.
  void Reserve(size_t n) {
    size_t capacity = 16;
    while (capacity * 3 < n * 4) capacity *= 2;
    if (capacity <= slots_.size()) return;
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(capacity, Slot{Traits::Empty(), Value{}, {}});
    mask_ = capacity - 1;
    size_ = 0;
    for (Slot& slot : old) {
      if (!Traits::IsEmpty(slot.key)) InsertOrAssign(slot.key, std::move(slot.value));
    }
  }

  // Inserts `key` (not the empty key), or replaces its value. Returns true if the key was new.
  bool InsertOrAssign(Key key, Value value) {
    HEARTH_DCHECK(!Traits::IsEmpty(key));
    if ((size_ + 1) * 4 > slots_.size() * 3) Reserve(size_ + 1);
    const uint64_t hash = Traits::Hash(key);
    Slot& slot = slots_[Probe(key, hash)];
    if (!Traits::IsEmpty(slot.key)) {
      slot.value = std::move(value);
      return false;
    }
    slot.key = key;
    slot.value = std::move(value);
    if constexpr (Traits::kTagged) slot.tag = Tag(hash);
    ++size_;
    return true;
  }

  // Inserts `key` only if absent. Returns true if inserted.
  bool Insert(Key key, Value value) {
    if (Find(key) != nullptr) return false;
    return InsertOrAssign(key, std::move(value));
  }

  // The value of `key`, or nullptr.
  const Value* Find(const Key& key) const {
    if (slots_.empty()) return nullptr;
    const Slot& slot = slots_[Probe(key, Traits::Hash(key))];
    return Traits::IsEmpty(slot.key) ? nullptr : &slot.value;
  }

  // Starts loading the slot where `key` would be found (a hint; no effect on results).
  void Prefetch(const Key& key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[size_t(Traits::Hash(key)) & mask_]);
  }

  size_t size() const { return size_; }

 private:
  struct NoTag {};
  using TagType = std::conditional_t<Traits::kTagged, uint32_t, NoTag>;
  struct Slot {
    Key key;
    Value value;
    [[no_unique_address]] TagType tag;
  };
  static uint32_t Tag(uint64_t hash) { return uint32_t(hash >> 32); }

  bool Matches(const Slot& slot, const Key& key, uint64_t hash) const {
    if constexpr (Traits::kTagged) {
      if (slot.tag != Tag(hash)) return false;
    }
    return slot.key == key;
  }

  // Index of the slot holding `key`, or of the empty slot where it would go.
  size_t Probe(const Key& key, uint64_t hash) const {
    size_t i = size_t(hash) & mask_;
    while (!Traits::IsEmpty(slots_[i].key) && !Matches(slots_[i], key, hash)) i = (i + 1) & mask_;
    return i;
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace hearth
