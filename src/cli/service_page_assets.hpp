// service_page_assets.hpp: the files of the review page of `exportctl serve` (docs/service.md),
// kept as raw string literals: the document (GET /) and its stylesheet (GET /page.css) in
// cli/service_page_html.cpp, its script (GET /page.js) in cli/service_page_js.cpp. No build step
// and no external resource: the page's Content-Security-Policy allows only its own origin, so
// the script and the stylesheet are served as files, never inline.
//
// The element ids the page promises (tests/serve/browser_test.py uses them):
//   #token        the sign-in form's password input (label "Token")
//   #sign-in      the sign-in button (stores the token as the cookie exportctl_token)
//   #sign-out     forgets the cookie
//   #status       role="alert": the last error, empty when there is none
//   #notice       role="status": progress and success messages
//   #refresh      re-fetches the hold queue
//   #queue        the hold queue table; each row opens with a button whose accessible name is
//                 "Open hold ORDER-ID" and whose data-order-id is the order id
//   #queue-empty  shown when no order is held
//   #detail       the opened hold (hidden until one is opened); its heading #detail-heading
//                 takes the focus; #detail-outcome, #detail-missing, #detail-rules,
//                 #detail-flags, #detail-paths, #detail-screening, #detail-items hold the
//                 explanation
//   #supply       the resolve form's fieldset of missing facts a reviewer can supply (hidden
//                 when the hold asks for none); #supply-fields its inputs, one per fact, each
//                 labelled with the missing fact as the hold names it ("item 1: die_area_mm2")
//   #reason       the resolve form's textarea (label "Reason")
//   #resolve      the resolve form's submit button
//   #journal      the opened order's history, one <li> per journal record, oldest first, with
//                 data-kind and data-principal; its heading is #journal-heading
#pragma once

#include <string_view>

namespace exportctl::cli::service::page {

/// GET /: the HTML document (text/html; charset=utf-8).
extern const std::string_view html;
/// GET /page.css (text/css; charset=utf-8).
extern const std::string_view css;
/// GET /page.js (text/javascript; charset=utf-8).
extern const std::string_view js;

}  // namespace exportctl::cli::service::page
