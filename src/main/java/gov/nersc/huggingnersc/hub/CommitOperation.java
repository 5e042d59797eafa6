package gov.nersc.huggingnersc.hub;

import java.util.Objects;

/** One change a commit makes: add (or replace) a file, delete a file, delete a folder. */
public sealed interface CommitOperation
        permits CommitOperation.Add, CommitOperation.Delete, CommitOperation.DeleteFolder {

    /** The path in the repo this operation touches. */
    String path();

    /** Adds or replaces the file at {@code pathInRepo}. */
    record Add(String pathInRepo, ContentSource content) implements CommitOperation {
        public Add {
            Objects.requireNonNull(content, "content");
            pathInRepo = RepoPaths.check(pathInRepo);
        }

        @Override
        public String path() {
            return pathInRepo;
        }
    }

    /** Deletes the file at {@code path}. */
    record Delete(String path) implements CommitOperation {
        public Delete {
            path = RepoPaths.check(path);
        }
    }

    /** Deletes the folder at {@code path} and everything in it. */
    record DeleteFolder(String path) implements CommitOperation {
        public DeleteFolder {
            path = RepoPaths.check(path);
        }
    }
}
