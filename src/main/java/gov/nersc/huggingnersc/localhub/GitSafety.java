package gov.nersc.huggingnersc.localhub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.internal.submodule.SubmoduleValidator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.GitmoduleEntry;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * What git clients refuse to check out, refused before it enters a repo: JGit's object checker
 * with its Windows and macOS rules, which knows the disguises of {@code .git} ({@code .GIT~1},
 * {@code .git} followed by a character macOS ignores, trailing dots and spaces) and of
 * {@code .gitmodules}, and the submodule checks of a {@code .gitmodules} file (no url or path that
 * an old git would take for an option, such as {@code --upload-pack=...}).
 */
final class GitSafety {
    private static final int MAX_GITMODULES = 1 << 20;

    private GitSafety() {}

    /** JGit's object checker with the Windows and macOS rules, for trees that come in whole (a git push). */
    static ObjectChecker checker() {
        return new ObjectChecker().setSafeForWindows(true).setSafeForMacOS(true);
    }

    /** 400 unless git accepts {@code path} as a file's path on every system a clone may land on. */
    static void checkPath(String path) {
        try {
            checker().checkPath(path);
        } catch (CorruptObjectException e) {
            throw HubError.badRequest("path '" + path + "' is refused: " + e.getMessage()
                    + " (git would not check it out on Windows or macOS, or it stands for git's own files)");
        }
    }

    /**
     * An inserter that stores a folder (tree) only once git's checks pass for it and for the
     * {@code .gitmodules} file it holds (read through {@code reader}); 400 otherwise. Checking before
     * storing leaves no refused tree behind, which {@code git fsck} would still find.
     */
    static ObjectInserter checking(ObjectInserter inserter, ObjectReader reader) {
        return new CheckingInserter(inserter, reader);
    }

    private static final class CheckingInserter extends ObjectInserter.Filter {
        private final ObjectInserter delegate;
        private final ObjectReader reader;
        private final ObjectChecker checker = checker();
        private int modulesChecked;

        CheckingInserter(ObjectInserter delegate, ObjectReader reader) {
            this.delegate = delegate;
            this.reader = reader;
        }

        @Override
        protected ObjectInserter delegate() {
            return delegate;
        }

        @Override
        public ObjectId insert(int type, byte[] data, int off, int len) throws IOException {
            if (type == Constants.OBJ_TREE) {
                byte[] raw = off == 0 && len == data.length ? data : Arrays.copyOfRange(data, off, off + len);
                try {
                    checker.check(idFor(type, raw), type, raw);
                } catch (CorruptObjectException e) {
                    throw HubError.badRequest("the commit's files are refused: " + e.getMessage()
                            + " (git would not check them out on Windows or macOS, or they stand for git's own files)");
                }
                List<GitmoduleEntry> modules = checker.getGitsubmodules();
                for (; modulesChecked < modules.size(); modulesChecked++) {
                    checkModules(reader, modules.get(modulesChecked).getBlobId());
                }
            }
            return super.insert(type, data, off, len);
        }
    }

    private static void checkModules(ObjectReader reader, org.eclipse.jgit.lib.AnyObjectId blob) throws IOException {
        if (reader.getObjectSize(blob, Constants.OBJ_BLOB) > MAX_GITMODULES) {
            throw HubError.badRequest(".gitmodules is refused: it is larger than " + MAX_GITMODULES + " bytes");
        }
        String text = new String(
                reader.open(blob, Constants.OBJ_BLOB).getCachedBytes(MAX_GITMODULES), StandardCharsets.UTF_8);
        try {
            SubmoduleValidator.assertValidGitModulesFile(text);
        } catch (SubmoduleValidator.SubmoduleValidationException e) {
            throw HubError.badRequest(".gitmodules is refused: " + e.getMessage());
        }
    }
}
