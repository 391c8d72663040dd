// shipment_json_fast.hpp: the fast path of parse_shipment for JSON (one JSON Lines record of
// `exportctl batch`, or a .json file). It handles well-formed shipments only; on anything else it
// declines and the YAML-based reader (shipment_reader.cpp) reads the text, so diagnostics are the
// same as without it, by construction.
#pragma once

#include <optional>
#include <string_view>

#include "exportctl/shipment.hpp"

namespace exportctl::detail {

/// The shipment in `text`, exactly as the YAML-based reader would build it (positions included),
/// or std::nullopt when the fast path declines: text that is not a JSON object, invalid JSON,
/// unknown or duplicate keys, wrong types, negative numbers, bad dates or roles, escapes or
/// layouts the YAML reader treats differently, nesting deeper than `max_document_depth`, ...
/// In every declined case the caller must use the YAML-based reader.
[[nodiscard]] std::optional<shipment> read_json_shipment_fast(std::string_view text,
                                                              std::string_view file_name,
                                                              int max_document_depth);

/// While one exists, read_json_shipment_fast declines on the calling thread, so that tests can
/// compare the two readers on the same text.
class json_fast_path_off {
 public:
  json_fast_path_off();
  ~json_fast_path_off();
  json_fast_path_off(const json_fast_path_off&) = delete;
  json_fast_path_off& operator=(const json_fast_path_off&) = delete;

 private:
  bool previous_;
};

}  // namespace exportctl::detail
