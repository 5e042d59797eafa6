package gov.nersc.huggingnersc.croissant;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The SPDX ids of the Hub's licence ids, for licence URLs that Croissant readers recognise. */
final class Licences {
    // The Hub's ids are mostly SPDX ids in lower case; these differ or need their exact case.
    private static final Map<String, String> SPDX = Map.ofEntries(
            Map.entry("apache-2.0", "Apache-2.0"),
            Map.entry("mit", "MIT"),
            Map.entry("bsd-2-clause", "BSD-2-Clause"),
            Map.entry("bsd-3-clause", "BSD-3-Clause"),
            Map.entry("bsd-3-clause-clear", "BSD-3-Clause-Clear"),
            Map.entry("cc0-1.0", "CC0-1.0"),
            Map.entry("cc-by-2.0", "CC-BY-2.0"),
            Map.entry("cc-by-2.5", "CC-BY-2.5"),
            Map.entry("cc-by-3.0", "CC-BY-3.0"),
            Map.entry("cc-by-4.0", "CC-BY-4.0"),
            Map.entry("cc-by-sa-3.0", "CC-BY-SA-3.0"),
            Map.entry("cc-by-sa-4.0", "CC-BY-SA-4.0"),
            Map.entry("cc-by-nc-2.0", "CC-BY-NC-2.0"),
            Map.entry("cc-by-nc-3.0", "CC-BY-NC-3.0"),
            Map.entry("cc-by-nc-4.0", "CC-BY-NC-4.0"),
            Map.entry("cc-by-nd-4.0", "CC-BY-ND-4.0"),
            Map.entry("cc-by-nc-nd-3.0", "CC-BY-NC-ND-3.0"),
            Map.entry("cc-by-nc-nd-4.0", "CC-BY-NC-ND-4.0"),
            Map.entry("cc-by-nc-sa-2.0", "CC-BY-NC-SA-2.0"),
            Map.entry("cc-by-nc-sa-3.0", "CC-BY-NC-SA-3.0"),
            Map.entry("cc-by-nc-sa-4.0", "CC-BY-NC-SA-4.0"),
            Map.entry("cdla-permissive-1.0", "CDLA-Permissive-1.0"),
            Map.entry("cdla-permissive-2.0", "CDLA-Permissive-2.0"),
            Map.entry("cdla-sharing-1.0", "CDLA-Sharing-1.0"),
            Map.entry("gpl-2.0", "GPL-2.0-only"),
            Map.entry("gpl-3.0", "GPL-3.0-only"),
            Map.entry("lgpl-2.1", "LGPL-2.1-only"),
            Map.entry("lgpl-3.0", "LGPL-3.0-only"),
            Map.entry("agpl-3.0", "AGPL-3.0-only"),
            Map.entry("mpl-2.0", "MPL-2.0"),
            Map.entry("epl-2.0", "EPL-2.0"),
            Map.entry("odbl", "ODbL-1.0"),
            Map.entry("odc-by", "ODC-By-1.0"),
            Map.entry("pddl", "PDDL-1.0"),
            Map.entry("unlicense", "Unlicense"),
            Map.entry("wtfpl", "WTFPL"),
            Map.entry("zlib", "Zlib"));

    private Licences() {}

    /** The SPDX id of a Hub licence id, if it has one ("other" and "unknown" have none). */
    static Optional<String> spdxId(String hubId) {
        return Optional.ofNullable(SPDX.get(hubId.strip().toLowerCase(Locale.ROOT)));
    }
}
