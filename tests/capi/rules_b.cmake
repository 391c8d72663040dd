# Copies the packs FROM into TO and changes the version of one pack (red-flags.yaml), giving a
# second, valid pack set with another fingerprint for the reload tests.
file(REMOVE_RECURSE "${TO}")
file(COPY "${FROM}/" DESTINATION "${TO}")
file(READ "${TO}/red-flags.yaml" text)
string(REGEX REPLACE "(\n  version: \"[^\"\n]*)\"" "\\1-reload\"" changed "${text}")
if(changed STREQUAL text)
  message(FATAL_ERROR "no `version:` found in ${TO}/red-flags.yaml")
endif()
file(WRITE "${TO}/red-flags.yaml" "${changed}")
# The edited pack would differ from the copied pack-set manifest (EXC-E3015): set B is a set
# of its own, without a manifest.
file(REMOVE ${TO}/pack-set.yaml)
