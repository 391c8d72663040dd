// exportctl — export-control rules engine for AI chips.
// classification.hpp: the result of classifying one item without a shipment
// (engine::classify). Its own header so that the renderers (io.hpp) need not include the engine.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "exportctl/date.hpp"
#include "exportctl/decision.hpp"

namespace exportctl {

/// Classification of a single product or spec sheet, without a shipment.
struct classification {
  date as_of;
  item_result item;
  std::vector<std::string> missing_facts;
  std::vector<struct finding> findings;
  /// Keeps the pack text the findings view alive (see decision::keepalive).
  std::shared_ptr<const void> keepalive;
};

}  // namespace exportctl
