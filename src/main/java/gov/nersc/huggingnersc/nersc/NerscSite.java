package gov.nersc.huggingnersc.nersc;

import java.util.Map;

/** Whether we run at NERSC; used to pick defaults, never to refuse to run elsewhere. */
public final class NerscSite {
    private NerscSite() {}

    /** True on a NERSC system: {@code NERSC_HOST} is set, or {@code LMOD_SYSTEM_NAME=perlmutter}. */
    public static boolean atNersc(Map<String, String> env) {
        String host = env.get("NERSC_HOST");
        return (host != null && !host.isBlank()) || "perlmutter".equals(env.get("LMOD_SYSTEM_NAME"));
    }
}
