# CLI tests: exit codes and output are part of the interface.
set(EXPORTCTL_CLI $<TARGET_FILE:exportctl_cli>)
set(CLI_DIR ${CMAKE_CURRENT_LIST_DIR})
set(EX ${PROJECT_SOURCE_DIR}/examples)

# exportctl_cli_test(NAME CODE ARGS... [OUT_MATCH re] [ERR_MATCH re] [STDIN file] [GOLDEN file])
function(exportctl_cli_test name code)
  cmake_parse_arguments(T "" "OUT_MATCH;ERR_MATCH;STDIN;GOLDEN" "ARGS" ${ARGN})
  set(defs -DEXE=${EXPORTCTL_CLI} -DCODE=${code})
  string(REPLACE ";" "\\;" args "${T_ARGS}")
  list(APPEND defs "-DARGS=${args}")
  foreach(k OUT_MATCH ERR_MATCH STDIN GOLDEN)
    if(DEFINED T_${k})
      list(APPEND defs "-D${k}=${T_${k}}")
    endif()
  endforeach()
  add_test(NAME cli.${name} COMMAND ${CMAKE_COMMAND} ${defs} -P ${CLI_DIR}/run.cmake
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(cli.${name} PROPERTIES ENVIRONMENT "EXPORTCTL_RULES=${PROJECT_SOURCE_DIR}/rules")
endfunction()

exportctl_cli_test(help 0 ARGS --help OUT_MATCH "check.*classify.*lint")
exportctl_cli_test(check_help 0 ARGS check --help OUT_MATCH "--scenario.*--as-of")
exportctl_cli_test(version 0 ARGS --version OUT_MATCH "0\\.1\\.0")
exportctl_cli_test(no_command 1 ARGS ERR_MATCH "subcommand")
exportctl_cli_test(check_example_json 2
  ARGS check --format json examples/so-1042-singapore-to-malaysia.yaml
  GOLDEN ${CLI_DIR}/expected/so-1042.json)
exportctl_cli_test(check_example_text 2
  ARGS check --format text examples/so-1042-singapore-to-malaysia.yaml
  GOLDEN ${CLI_DIR}/expected/so-1042.txt)
exportctl_cli_test(check_no_licence 0 ARGS check --format json examples/rtx4090d-to-germany.yaml
  OUT_MATCH "\"decision\":\"no_license_required\"")
exportctl_cli_test(check_exception 0 ARGS check --format json examples/l40-to-vietnam-aca.yaml
  OUT_MATCH "\"decision\":\"license_exception\",\"review_policy\":null,\"license_exceptions\":\\[\"ACA\"\\]")
exportctl_cli_test(check_hold 3 ARGS check --format json examples/freight-forwarder-hold.yaml
  OUT_MATCH "\"decision\":\"hold\"")
exportctl_cli_test(check_stdin 2 ARGS check --format json - STDIN ${EX}/h200-us-to-china-2026.yaml
  OUT_MATCH "\"shipment\":\"SO-2001\".*\"review_policy\":\"case_by_case\"")
exportctl_cli_test(check_json_input 2 ARGS check --format json ${CLI_DIR}/data/h200.json
  OUT_MATCH "\"decision\":\"license_required\"")
exportctl_cli_test(check_as_of 2 ARGS check --format json --as-of 2022-10-07 examples/h200-us-to-china-2026.yaml
  OUT_MATCH "\"as_of\":\"2022-10-07\",\"decision\":\"license_required\"")
# An omitted headquarters defaults to the party's country, and the decision says so where a
# headquarters rule could apply; --require-headquarters makes it a missing fact that holds.
exportctl_cli_test(check_headquarters_assumed 2 ARGS check --format json tests/golden/decisions/h100-export-us-to-vn-2025-presumption-of-approval.yaml
  OUT_MATCH "headquarters and ultimate parent headquarters of `eu` assumed VN: not stated")
exportctl_cli_test(check_require_headquarters 3 ARGS check --format json --require-headquarters tests/golden/decisions/h100-export-us-to-vn-2025-presumption-of-approval.yaml
  OUT_MATCH "\"decision\":\"hold\".*party eu: headquarters and ultimate parent headquarters .not stated.")
exportctl_cli_test(batch_require_headquarters 0 ARGS batch --require-headquarters tests/cli/data/batch-good.jsonl
  OUT_MATCH "headquarters (and ultimate parent headquarters )?.not stated.")
# A date before the packs' coverage (2022-10-07) holds and names the window; it cleared.
exportctl_cli_test(check_before_coverage 3 ARGS check --format json --as-of 2015-06-01 examples/h200-us-to-china-2026.yaml
  OUT_MATCH "\"decision\":\"hold\".*ship date 2015-06-01 is outside the coverage of the rule packs, 2022-10-07..open .ear-advanced-computing.")
exportctl_cli_test(check_bad_as_of 1 ARGS check --as-of 2022-13-01 examples/rtx4090d-to-germany.yaml
  ERR_MATCH "--as-of `2022-13-01` is not a date")
exportctl_cli_test(check_bad_format 1 ARGS check --format xml examples/rtx4090d-to-germany.yaml)
exportctl_cli_test(check_missing_file 1 ARGS check does-not-exist.yaml ERR_MATCH "cannot read `does-not-exist.yaml`")
exportctl_cli_test(check_bad_shipment 1 ARGS check ${CLI_DIR}/data/bad-shipment.yaml
  ERR_MATCH "bad-shipment.yaml:[0-9]+:[0-9]+: error\\[EXC-E4005\\].*parties\\[1\\].country")
exportctl_cli_test(check_several 3 ARGS check --format json examples/rtx4090d-to-germany.yaml examples/freight-forwarder-hold.yaml
  OUT_MATCH "SO-3001.*\n.*SO-6001")
exportctl_cli_test(check_scenario 0 ARGS check --format json --scenario ai-diffusion-2025 examples/ai-diffusion-india-lpp.yaml
  OUT_MATCH "\"license_exceptions\":\\[\"LPP\"\\].*\"scenario\":\"ai-diffusion-2025\"")
exportctl_cli_test(check_no_scenario 0 ARGS check --format json examples/ai-diffusion-india-lpp.yaml
  OUT_MATCH "\"decision\":\"no_license_required\"")
exportctl_cli_test(check_unknown_scenario 1 ARGS check --scenario no-such-scenario examples/rtx4090d-to-germany.yaml
  ERR_MATCH "EXC-E3010")
exportctl_cli_test(classify_product 0 ARGS classify nvidia-h100-sxm5-80gb --as-of 2025-01-01 --format json
  OUT_MATCH "\"eccn\":\"3A090.a\",\"paragraph\":\"3A090.a.1\",\"tpp\":15832")
exportctl_cli_test(classify_specs 0 ARGS classify --as-of 2025-01-01 --format json
  --specs "{dense_tops: {fp16: 148}, die_area_mm2: 814, datacenter: true}"
  OUT_MATCH "\"tpp\":2368")
exportctl_cli_test(classify_bad_specs 1 ARGS classify --specs "{dense_tops: {fp16: 148}, die_area_mm2: -1, colour: red}"
  ERR_MATCH "<specs>:1:[0-9]+: error\\[EXC-E2006\\].*specs.die_area_mm2.*error\\[EXC-E2003\\]")
exportctl_cli_test(classify_both 1 ARGS classify nvidia-h20 --specs "{tpp: 1}" ERR_MATCH "either")
exportctl_cli_test(classify_unknown_product 1 ARGS classify nvidia-h2000 ERR_MATCH "EXC-E4001")
exportctl_cli_test(lint_rules 0 ARGS lint rules OUT_MATCH " 0 error\\(s\\), 0 warning\\(s\\)")
exportctl_cli_test(lint_bad_pack 1 ARGS lint ${CLI_DIR}/data/bad-pack.yaml
  ERR_MATCH "bad-pack.yaml:[0-9]+:[0-9]+: error\\[EXC-E2003\\].*bad-pack.yaml:[0-9]+:[0-9]+: error\\[EXC-E3001\\]")
exportctl_cli_test(products 0 ARGS products OUT_MATCH "nvidia-h100-sxm5-80gb")

include(${CMAKE_CURRENT_LIST_DIR}/batch.cmake)

# exportctl screen (docs/screening.md): bands, exit codes (0 none, 2 match, 3 possible, 1 error).
set(LISTS ${PROJECT_SOURCE_DIR}/tests/data/lists)
exportctl_cli_test(screen_help 0 ARGS screen --help
  OUT_MATCH "Exit code.*--lists.*--country.*--limit.*--min-score.*Examples")
exportctl_cli_test(screen_match 2 ARGS screen --lists ${LISTS}/sdn-mini/sdn.csv "Banco Nacional de Cuba"
  OUT_MATCH "^\\{\"query\":\"Banco Nacional de Cuba\",\"country\":null,\"band\":\"match\",\"candidates\":\\[\\{\"list\":\"[^\"]*sdn.csv\",\"source\":\"OFAC SDN\",\"entry\":\"103\",\"name\":\"BANCO NACIONAL DE CUBA\",\"matched\":\"BANCO NACIONAL DE CUBA\",\"score\":1,\"band\":\"match\",\"reasons\":\\[")
exportctl_cli_test(screen_alias 2 ARGS screen --lists ${LISTS}/sdn-mini/sdn.csv "National Bank of Cuba"
  OUT_MATCH "\"matched\":\"NATIONAL BANK OF CUBA\"")
# --lists takes one value: the name after it is a name, not a second list.
exportctl_cli_test(screen_lists_one_value 3 ARGS screen --lists ${LISTS}/sdn-mini/sdn.csv "HMC GmbH" --country DE
  OUT_MATCH "\"query\":\"HMC GmbH\",\"country\":\"DE\",\"band\":\"possible\".*acronym.*country DE not in the entry's addresses \\(CN\\)")
exportctl_cli_test(screen_sister_company 0 ARGS screen --lists ${LISTS}/sdn-mini/sdn.csv --min-score 0 --limit 1 "Alpha Imports Ltd" "Ocean Shipping Five"
  OUT_MATCH "\"band\":\"none\".*business words differ.*\"band\":\"none\".*numbers differ")
# Persian writes no short vowels: "بانک ملت" is Bank Mellat on the full SDN sample (it cleared
# before consonant skeletons), and it is possible, never a match.
exportctl_cli_test(screen_abjad 3 ARGS screen --lists ${LISTS}/ofac-sdn-2021/sdn.csv --limit 1 "بانک ملت"
  OUT_MATCH "\"band\":\"possible\",\"candidates\":\\[\\{[^]]*\"name\":\"BANK MELLAT\".*`mlt` ~ `mellat`")
exportctl_cli_test(screen_none 0 ARGS screen --lists ${LISTS}/sdn-mini/sdn.csv --lists ${LISTS}/bis-dpl-2022.txt "Siemens AG"
  OUT_MATCH "^\\{\"query\":\"Siemens AG\",\"country\":null,\"band\":\"none\",\"candidates\":\\[\\]\\}")
exportctl_cli_test(screen_stdin 2 ARGS screen --lists ${LISTS}/sdn-mini/sdn.csv --lists ${LISTS} --format json - STDIN ${CLI_DIR}/data/screen-names.txt
  OUT_MATCH "^\\{\"query\":\"Banco Nacional de Cuba\",[^\n]*\n\\{\"query\":\"Siemens AG\",\"country\":null,\"band\":\"none\",\"candidates\":\\[\\]\\}\n$")
exportctl_cli_test(screen_text 2 ARGS screen --lists ${LISTS}/sdn-mini/sdn.csv --format text "Aerocaribean Airlines" "Alpha Exports"
  OUT_MATCH "Alpha Exports: match.*screened against:.*sdn.csv .OFAC SDN, 9 rows, sha256 [0-9a-f]+")
exportctl_cli_test(screen_dpl_csl 2 ARGS screen --lists ${LISTS}/bis-dpl-2022.txt --lists ${LISTS}/watchman-cslustest-consolidated.csv --limit 1 "Aaron Abraham Villa" "Sinobright Import and Export Co"
  OUT_MATCH "\"source\":\"BIS Denied Persons List\".*\"band\":\"match\".*Nonproliferation Sanctions")
exportctl_cli_test(screen_min_score 0 ARGS screen --lists ${LISTS}/sdn-mini/sdn.csv --min-score 0 --limit 1 "Cuba Tourism"
  OUT_MATCH "\"band\":\"none\",\"candidates\":\\[\\{")
exportctl_cli_test(screen_bad_list 1 ARGS screen --lists ${PROJECT_SOURCE_DIR}/tests/cli/data/lines.csv "X"
  ERR_MATCH "lines.csv:1: error\\[EXC-E8001\\]")
exportctl_cli_test(screen_missing_list 1 ARGS screen --lists nope/sdn.csv "X" ERR_MATCH "EXC-E9001")
exportctl_cli_test(screen_bad_country 1 ARGS screen --lists ${LISTS}/sdn-mini/sdn.csv --country cn "X"
  ERR_MATCH "--country `cn` is not an ISO")
exportctl_cli_test(screen_no_lists 1 ARGS screen "X" ERR_MATCH "--lists is required")

# Screening lists inside decisions (docs/screening.md): what a hit means comes from
# rules/list-sources.yaml; every decision names the lists it was screened against.
set(LD ${CLI_DIR}/data/lists)
exportctl_cli_test(check_lists_sdn_holds 3 ARGS check --format json --lists ${LISTS}/sdn-mini/sdn.csv ${LD}/sdn-party.yaml
  OUT_MATCH "\"decision\":\"hold\".*\"kind\":\"screening_list\",\"rule\":\"OFAC_SANCTIONS_LISTS\".*matches `BANCO NACIONAL DE CUBA` of OFAC SDN entry 103.*\"lists\":\\[\\{\"source\":\"OFAC SDN\",\"file\":\"[^\"]*sdn.csv\",\"rows\":[0-9]+,\"sha256\":\"[0-9a-f]+\"\\}\\]")
exportctl_cli_test(check_lists_dpl_holds 3 ARGS check --format json --lists ${LISTS}/watchman-cslustest-consolidated.csv ${LD}/dpl-party.yaml
  OUT_MATCH "\"decision\":\"hold\".*\"rule\":\"EAR_764_3_DENIED_PERSONS\".*no transaction with a denied person")
exportctl_cli_test(check_lists_csl_entity_list 2 ARGS check --format json --lists ${LISTS}/watchman-cslustest-consolidated.csv ${LD}/csl-entity-list.yaml
  OUT_MATCH "\"decision\":\"license_required\",\"review_policy\":\"policy_of_denial\",\"license_exceptions\":\\[\\].*EAR_744_11_CSL_ENTITY_LIST")
exportctl_cli_test(check_lists_text 3 ARGS check --format text --lists ${LISTS}/sdn-mini/sdn.csv ${LD}/sdn-party.yaml
  OUT_MATCH "Screening lists:\n  [^\n]*sdn.csv \\(OFAC SDN, [0-9]+ rows, sha256 [0-9a-f]+\\)")
exportctl_cli_test(check_huawei_japan_possible 3 ARGS check --format json ${LD}/huawei-japan.yaml
  OUT_MATCH "\"decision\":\"hold\".*EXPORTCTL_POSSIBLE_LIST_MATCH.*may be `Huawei Technologies Co., Ltd.`.*score 0\\.[0-9]+ \\(possible\\).*whether `Huawei Technologies Japan K.K.` is the listed")
exportctl_cli_test(check_huawei_shenzhen_possible 3 ARGS check --format json ${LD}/huawei-shenzhen.yaml
  OUT_MATCH "\"decision\":\"hold\".*EXPORTCTL_POSSIBLE_LIST_MATCH.*Huawei Technologies Co Ltd Shenzhen")
exportctl_cli_test(check_hmc_gmbh_possible 3 ARGS check --format json ${LD}/hmc-gmbh.yaml
  OUT_MATCH "\"decision\":\"hold\".*EXPORTCTL_POSSIBLE_LIST_MATCH.*an acronym alone does not identify a listed entity")
exportctl_cli_test(check_no_lists_says_so 2 ARGS check --format text examples/huawei-entity-list.yaml
  OUT_MATCH "Screening lists: none loaded; only the curated Entity List subset")
# --rules, --scenario and --lists take one value each: FILE stays a shipment.
exportctl_cli_test(check_rules_one_value 2 ARGS check --format json --rules rules examples/huawei-entity-list.yaml
  OUT_MATCH "\"shipment\":\"SO-5001\"")
exportctl_cli_test(check_lists_one_value 3 ARGS check --format json --lists ${LISTS}/sdn-mini/sdn.csv ${LD}/sdn-party.yaml
  OUT_MATCH "\"shipment\":\"LIST-SDN-PARTY\"")
# A list source the packs say nothing about refuses the lists (fail closed).
exportctl_cli_test(check_lists_unknown_source 1 ARGS check --lists ${CLI_DIR}/data/unknown-source-csl.csv ${LD}/sdn-party.yaml
  ERR_MATCH "unknown-source-csl.csv:2: error\\[EXC-E8010\\]: no rule pack says what a hit on list source `Debarred Parties \\(XYZ\\) - Example Agency` means")
exportctl_cli_test(check_lists_empty_dir 1 ARGS check --lists ${CLI_DIR}/data/lists ${LD}/sdn-party.yaml
  ERR_MATCH "EXC-E8009")
exportctl_cli_test(batch_lists 0 ARGS batch -q --lists ${LISTS}/sdn-mini/sdn.csv - STDIN ${CLI_DIR}/data/lists/sdn-party.jsonl
  OUT_MATCH "\"decision\":\"hold\".*OFAC_SANCTIONS_LISTS.*\"lists\":..\"source\":\"OFAC SDN")
# Reviewed matches ("good guys"): the one way a possible match is cleared, by whom and when.
exportctl_cli_test(check_reviewed_clears 0 ARGS check --format json --reviewed ${CLI_DIR}/data/reviewed.csv ${LD}/huawei-japan.yaml
  OUT_MATCH "\"decision\":\"no_license_required\".*cleared by J. Doe \\(trade compliance\\) on 2026-11-30.*\"source\":\"reviewed matches\",\"file\":\"[^\"]*reviewed.csv\",\"rows\":1")
# It clears that party only: the same entry for another name still holds.
exportctl_cli_test(check_reviewed_other_party 3 ARGS check --format json --reviewed ${CLI_DIR}/data/reviewed.csv ${LD}/huawei-shenzhen.yaml
  OUT_MATCH "\"decision\":\"hold\".*EXPORTCTL_POSSIBLE_LIST_MATCH")
exportctl_cli_test(check_reviewed_bad_file 1 ARGS check --reviewed ${CLI_DIR}/data/reviewed-bad.csv ${LD}/huawei-japan.yaml
  ERR_MATCH "reviewed-bad.csv:1: error\\[EXC-E8004\\]: missing column `reason`")
# An owner listed only on an official list (--lists) restricts its affiliate too.
exportctl_cli_test(check_lists_owner_affiliate 2 ARGS check --format json --lists ${LISTS}/watchman-cslustest-consolidated.csv ${LD}/owned-by-csl-entity.yaml
  OUT_MATCH "\"decision\":\"license_required\",\"review_policy\":\"policy_of_denial\".*EAR_744_AFFILIATES_RULE_2025")
# The same owner stated in a country the row does not list: at most possible, so a hold for review.
exportctl_cli_test(check_lists_owner_other_country_holds 3 ARGS check --format json --lists ${LISTS}/watchman-cslustest-consolidated.csv ${LD}/owned-by-csl-entity-de.yaml
  OUT_MATCH "\"decision\":\"hold\".*owners whose own restriction is unclear hold 60%.*it may be `China Electronics Technology Group Corporation 13th Research Institute")
# An owner on a list other than the Entity List (here OFAC SDN) holds its affiliate: not clear.
exportctl_cli_test(check_lists_owner_sdn_holds 3 ARGS check --format json --lists ${LISTS}/sdn-mini/sdn.csv ${LD}/owned-by-sdn-entry.yaml
  OUT_MATCH "\"decision\":\"hold\".*matches `BANCO NACIONAL DE CUBA` of OFAC SDN entry 103.*Military End-User and certain SDN")
# A doubted curated hit (another country) is still screened against the official lists.
exportctl_cli_test(check_doubted_hit_still_screened 3 ARGS check --format json --lists ${CLI_DIR}/data/dpl-listed-huawei-csl.csv ${LD}/huawei-in-de.yaml
  OUT_MATCH "EAR_764_3_DENIED_PERSONS.*EXPORTCTL_POSSIBLE_LIST_MATCH.*the party's country is not among the entry's")
