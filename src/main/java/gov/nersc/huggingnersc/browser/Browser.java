package gov.nersc.huggingnersc.browser;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Opens a page in the user's browser, where there is one; never fails. */
public final class Browser {
    private Browser() {}

    /**
     * Opens {@code url}: through the desktop (when Java has one and is not headless), else with
     * {@code xdg-open} when a display is set. False when neither is available or it did not work.
     */
    public static boolean open(String url, Map<String, String> env) {
        try {
            if (!GraphicsEnvironment.isHeadless()
                    && Desktop.isDesktopSupported()
                    && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                Desktop.getDesktop().browse(URI.create(url));
                return true;
            }
        } catch (IOException | RuntimeException | LinkageError noDesktop) {
            // fall back to xdg-open
        }
        boolean display = notBlank(env.get("DISPLAY")) || notBlank(env.get("WAYLAND_DISPLAY"));
        String path = env.getOrDefault("PATH", System.getenv("PATH"));
        if (!display || path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path xdg = dir.isEmpty() ? null : Path.of(dir, "xdg-open");
            if (xdg != null && Files.isExecutable(xdg)) {
                try {
                    new ProcessBuilder(xdg.toString(), url)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
                    return true;
                } catch (IOException failed) {
                    return false;
                }
            }
        }
        return false;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
