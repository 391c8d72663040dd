# Audit receipts: check → receipt → verify succeeds; a changed input, decision hash, recorded
# decision or pack makes verify fail (exit 4) and name the reason. Invoked by CTest:
#   -DEXE=exportctl -DSHIPMENT=file -DBATCH=file.jsonl -DRULES=dir -DLISTS=dir -DWORK=dir
function(expect code regex)
  execute_process(COMMAND "${EXE}" ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc STREQUAL "${code}" OR NOT "${out}${err}" MATCHES "${regex}")
    message(FATAL_ERROR "`exportctl ${ARGN}`: exit ${rc} (expected ${code}), output does not match `${regex}`:\n${out}\n${err}")
  endif()
endfunction()

expect(2 "" check --format json --receipt ${WORK}/r.json "${SHIPMENT}")
expect(0 "r.json: verified" verify ${WORK}/r.json)
file(READ ${WORK}/r.json receipt)

string(REPLACE "\"quantity\":8" "\"quantity\":9" changed "${receipt}")
file(WRITE ${WORK}/input.json "${changed}")
expect(4 "NOT verified.*input differs.*decision differs" verify ${WORK}/input.json)

string(REGEX REPLACE "\"decision_sha256\":\"[0-9a-f]+\"" "\"decision_sha256\":\"00\"" changed "${receipt}")
file(WRITE ${WORK}/decision.json "${changed}")
expect(4 "decision differs" verify ${WORK}/decision.json)

# The same shipment decided against a pack of another version: the pack is named.
file(REMOVE_RECURSE ${WORK}/packs)
file(COPY ${RULES}/ DESTINATION ${WORK}/packs)
file(READ ${WORK}/packs/country-groups.yaml pack)
string(REPLACE "version: \"2026.12.0\"" "version: \"2026.12.9\"" pack "${pack}")
file(WRITE ${WORK}/packs/country-groups.yaml "${pack}")
# The copy's pack-set manifest refuses the edited pack until the edit is recorded.
expect(1 "EXC-E3015.*ear-country-groups.*differs from the pack-set manifest" lint ${WORK}/packs)
expect(0 "updated" lint --update-manifest ${WORK}/packs)
expect(4 "pack set differs.*pack `ear-country-groups` differs: 2026.12.0 .* 2026.12.9" verify --rules ${WORK}/packs ${WORK}/r.json)

# batch --receipts: every record verifies; a record whose decision was edited does not.
execute_process(COMMAND "${EXE}" batch --receipts -q "${BATCH}" RESULT_VARIABLE rc OUTPUT_FILE ${WORK}/records.jsonl)
expect(0 "20 verified, 0 not verified" verify ${WORK}/records.jsonl)
file(STRINGS ${WORK}/records.jsonl records)
list(GET records 0 first)
string(REGEX REPLACE "^({\"shipment\":\"[^\"]*\",\"as_of\":\"[^\"]*\",\"decision\":\")[a-z_]+" "\\1no_license_required" edited "${first}")
file(WRITE ${WORK}/edited.jsonl "${edited}\n")
expect(4 "recorded decision differs" verify ${WORK}/edited.jsonl)

file(WRITE ${WORK}/garbage.json "{\"receipt\": \"exportctl-receipt/9\"}")
expect(1 "EXC-E6102" verify ${WORK}/garbage.json)
file(WRITE ${WORK}/old.json "{\"receipt\": \"exportctl-receipt/1\"}")
expect(1 "receipts name no screening lists" verify ${WORK}/old.json)
file(WRITE ${WORK}/garbage.json "not json")
expect(1 "EXC-E6101" verify ${WORK}/garbage.json)

# Screening lists: a receipt names each list with its SHA-256 and replays against the same
# snapshot; without it, or with another, verify names the list that differs.
expect(2 "" check --format json --lists ${LISTS}/sdn-mini/sdn.csv --receipt ${WORK}/lists.json "${SHIPMENT}")
expect(0 "lists.json: verified" verify --lists ${LISTS}/sdn-mini/sdn.csv ${WORK}/lists.json)
expect(4 "list `[^`]*sdn.csv` .OFAC SDN, sha256 [0-9a-f]+.*is in the receipt but not loaded now" verify ${WORK}/lists.json)
file(REMOVE_RECURSE ${WORK}/sdn)
file(COPY ${LISTS}/sdn-mini/ DESTINATION ${WORK}/sdn)
file(READ ${WORK}/sdn/sdn.csv sdn)
string(REPLACE "OCEAN SHIPPING THREE" "OCEAN SHIPPING FOUR" sdn "${sdn}")
file(WRITE ${WORK}/sdn/sdn.csv "${sdn}")
expect(4 "is in the receipt but not loaded now.*sdn.csv` .OFAC SDN, sha256 [0-9a-f]+.*is loaded now but not in the receipt" verify --lists ${WORK}/sdn/sdn.csv ${WORK}/lists.json)
expect(4 "is loaded now but not in the receipt" verify --lists ${LISTS}/sdn-mini/sdn.csv ${WORK}/r.json)
