// name_words.cpp: the word dictionary of fuzzy screening, as data (parsed by list_words.cpp).
//
// Compiled in rather than read from a file at run time: the command line, the C API and the
// Python module all screen, and none of them should fail or screen differently because a data
// file was not installed beside them; and these are linguistic facts about names, not
// regulatory facts, so they do not belong in a rule pack. Edit the text below; a unit test
// (list_index_test.cpp) checks that it parses and that a few phrases fold as intended.
//
// Format: `[section]` lines, `#` comments, and entries. In a section, a line `word: phrase,
// phrase, ...` means each phrase is written as the one word `word` (the phrases are folded like
// names: transliterated, lower-cased, punctuation a word break, so "Sp. z o.o." is `sp z o o`);
// a line without `:` lists words of the section that stand for themselves.
//   [legal]         legal forms, connectives, vessel prefixes: a tenth of the weight, and leftover
//                   ones on both sides pair up ("Ltd" with "GmbH": the form of a company is no
//                   evidence that it is another company)
//   [business]      words that tell sister companies apart ("Exports" / "Imports"): they match
//                   only exactly, and one unmatched on each side caps the candidate at possible
//   [number]        number words and ordinals: match only exactly, a difference caps at possible
//   [abbreviation]  abbreviations written out ("Intl" is `international`)
//   [article]       articles that romanizations write apart or attached to the next word
//                   ("Al Nour" / "Alnour"): legal forms (without being listed in [legal]),
//                   they still join the next word when names are matched written together
//   [connective]    words an acronym leaves out ("Islamic State of Iraq and the Levant" is
//                   ISIL): legal forms too (without being listed in [legal]), with no initial
namespace exportctl::detail {

extern const char* const name_words_text;
const char* const name_words_text = R"words(
[legal]
ltd: limited, co ltd, co limited, company limited, company ltd, pte ltd, pvt ltd, private limited, pty ltd, ltd co, co l t d, l t d
llc: limited liability company, limited liability co, ltd liability company, ltd liability co, l l c, ooo, o o o, tov, too, obshchestvo s ogranichennoy otvetstvennostyu, obshchestvo s ogranichennoi otvetstvennostyu, obshestvo s ogranichennoj otvetstvennostju, obsestvo s ogranicennoj otvetstvennostu, tovarystvo z obmezhenoyu vidpovidalnistyu, sp z o o, spolka z ograniczona odpowiedzialnoscia, gesellschaft mit beschrankter haftung, gmbh, g m b h, s r l, srl, societa a responsabilita limitata, sarl, s a r l, s r o, sro, spol s r o, d o o, doo, eood, ood, kft, sia, uab, ltda, limitada, yugen kaisha, you xian hui she, you xian gong si, youxian gongsi, fen gong si
jsc: joint stock company, joint stock co, j s c, ao, a o, aktsionernoe obshchestvo, aktsionernoye obshchestvo, aktsionernoe obshestvo, akcionernoe obsestvo, jscb, js co, gu fen you xian gong si, gufen youxian gongsi, gu fen gong si
ojsc: open joint stock company, open joint stock co, oao, o a o, otkrytoe aktsionernoe obshchestvo, otkrytoye aktsionernoye obshchestvo
cjsc: closed joint stock company, closed joint stock co, zao, z a o, zakrytoe aktsionernoe obshchestvo, zakrytoye aktsionernoye obshchestvo
pjsc: public joint stock company, public joint stock co, pao, p a o, publichnoe aktsionernoe obshchestvo, publichnoye aktsionernoye obshchestvo
kk: kabushiki kaisha, kabushiki gaisha, k k, zhu shi hui she, kabushikigaisha
sa: s a, sociedad anonima, societe anonyme, sociedade anonima, s p a, spa, societa per azioni, anonim sirketi, a s, as, a sh
sadecv: s a de c v, sa de cv, sociedad anonima de capital variable, s de rl de cv, s de r l de c v, sociedad de responsabilidad limitada de capital variable, s a p i de c v, sapi de cv
inc: incorporated, i n c
corp: corporation, corpn
co: company, compania, cia, compagnie, cie, companhia, compagnia, kompaniya, kompaniia, sharikat, shirkat, sherkat, sherkate, sirketi, gong si
plc: public limited company, p l c
llp: limited liability partnership, l l p
lp: limited partnership, l p
bv: b v, besloten vennootschap
nv: n v, naamloze vennootschap
ag: aktiengesellschaft, a g
kg: kommanditgesellschaft, k g, co kg
sdnbhd: sdn bhd, sendirian berhad, s b
bhd: berhad
fze: free zone establishment, f z e
est: establishment, anstalt, etablissement
fzco: free zone company, f z co, fzc, fz co, fz llc
pvt: private
mv: m v, mt, m t, ms, m s, motor vessel, motor tanker
ex: formerly, former, fka, f k a, ex name, previously
gmbhcokg: gmbh co kg, gmbh und co kg
s a k cv rl
ltee sti tic san ve pte pty sdn kft oy ab jv ooo pjsc ojsc cjsc zao oao pao llp lp fz
joint stock public
[business]
exports: export, exporter, exporters, exportation, exportacion, exp
imports: import, importer, importers, importation, importacion, imp
trading: trade, traders, trader, trdg, tijara, tijarah, ticaret, handel, handels, maoyi, mao yi
shipping
holdings: holding, hldgs, hldg
investments: investment, invest
industries: industrial, industry, inds, industria, industrias
electronics: electronic, elec, electr, electronica, elektronik, dian zi, dianzi
engineering: engg, eng, engineers, ingenieria, inzhiniring
construction: constructions, construccion
services: service, svcs, svc, servicios
technologies: technology, tech, technologie, tekhnologii, tecnologia, ke ji, keji
logistics petroleum oil gas bank insurance airlines airline airways aviation marine maritime
consulting manufacturing machinery chemical chemicals pharmaceutical pharmaceuticals energy
mining steel textiles textile foods food development finance financial capital securities
leasing tankers tanker navigation transport automotive motors software semiconductor
semiconductors research design equipment supply supplies solutions systems exchange
[number]
first: 1st
second: 2nd
third: 3rd
fourth: 4th
fifth: 5th
sixth: 6th
seventh: 7th
eighth: 8th
ninth: 9th
tenth: 10th
eleventh: 11th
twelfth: 12th
zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty hundred first second third fourth
ii iii iv vi vii viii ix xi xii
[abbreviation]
international: intl, int l, intnl, internat, internationale, internacional
national: natl, nat l
manufacturing: mfg, mfrs, manufacturers
brothers: bros, bro, fratelli, f lli, flli, hermanos, hnos
associates: assoc, assocs, associated
group: grp
development: dev, devt
instruments: instr
equipment: equip, eqpt
machinery: mach
chemical: chem
precision: prec
corporation: corpn
general: gen, genl
department: dept
center: centre, ctr
factory: zavod, fabrika, fabrica, plant
[article]
al el
[connective]
the of and for la el y et und de del des di da do du der van von
)words";

}  // namespace exportctl::detail
