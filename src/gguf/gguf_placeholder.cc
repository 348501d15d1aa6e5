// Placeholder until the GGUF reader lands.
namespace hearth {}
