// Writes that a crash cannot leave half done: the bytes go to a temporary file in the same
// folder, are fsynced, and the file is renamed over the destination (then the folder is
// fsynced), so a reader sees the old file or the new one, never a mix.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace hearth::store {

// Creates the parent folders as needed. Errors name the path and the system's reason.
Status WriteFileAtomically(const std::string& path, std::string_view bytes);

// fsyncs a file or a folder (after a rename into it). Errors name the path.
Status SyncPath(const std::string& path);

// Renames `from` to `to` (same filesystem) and fsyncs `to`'s folder.
Status RenameDurably(const std::string& from, const std::string& to);

// A name for a temporary file beside `path`: "<path>.tmp-<pid>-<counter>".
std::string TemporaryPathBeside(const std::string& path);

// The whole file as a string. Errors: NotFound when it does not exist, IoError otherwise.
Result<std::string> ReadWholeFile(const std::string& path);

}  // namespace hearth::store
