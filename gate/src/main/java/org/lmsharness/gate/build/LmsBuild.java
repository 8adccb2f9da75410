package org.lmsharness.gate.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The LMS built at a commit, optionally with a patch applied: what the gate compares when given a
 * git ref instead of a jar, and how its proof builds the known regressions (gate/regressions). A
 * clean worktree of the commit is made beside the repository's own, the LMS is built there with
 * the project's Maven wrapper (offline: every dependency is in the local repository already), its
 * jar copied out and the worktree removed. The working tree is never touched.
 */
public final class LmsBuild {

    /** Thrown with one line a person can act on: the ref does not exist, the patch does not apply, the build failed. */
    public static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    private LmsBuild() {}

    /** True when {@code ref} names a commit in the repository at {@code root}. */
    public static boolean isCommit(Path root, String ref) {
        try {
            return run(root, List.of("git", "rev-parse", "--verify", "--quiet", ref + "^{commit}"), 30).exit == 0;
        } catch (Failed e) {
            return false;
        }
    }

    /** A commit to gate against, and why it was chosen. */
    public record Baseline(String ref, String why) {}

    /**
     * The baseline when none is given, against the working tree as the candidate: the last release tag before it; else, on a
     * branch that tracks another, where the two diverged (the merge base: what a pull request changes); else HEAD when the tree
     * has uncommitted changes to tracked files (what they change); else HEAD's parent (what the last commit changed).
     *
     * @throws Failed when none of these exists (a repository of one clean commit)
     */
    public static Baseline defaultBaseline(Path root) {
        boolean changed = !run(root, List.of("git", "status", "--porcelain", "--untracked-files=no"), 30).output.isBlank();
        String released = changed ? "HEAD" : "HEAD~1"; // a tag on HEAD itself names the candidate when the tree is clean
        Result tag = run(root, List.of("git", "describe", "--tags", "--abbrev=0", released), 30);
        if (tag.exit == 0) return new Baseline(tag.output.strip(), "the last release tag");
        Result upstream = run(root, List.of("git", "merge-base", "HEAD", "@{upstream}"), 30);
        if (upstream.exit == 0 && !upstream.output.strip().equals(run(root, List.of("git", "rev-parse", "HEAD"), 30).output.strip())) {
            return new Baseline(upstream.output.strip().substring(0, 12), "the merge base with the upstream branch");
        }
        if (changed) return new Baseline("HEAD", "the last commit, under the working tree's uncommitted changes");
        if (isCommit(root, "HEAD~1")) return new Baseline("HEAD~1", "the last commit's parent");
        throw new Failed("no baseline to default to in " + root + " (no release tag, no upstream branch, no parent commit): give --baseline");
    }

    /** The short hash of {@code ref}. */
    public static String shortHash(Path root, String ref) {
        Result result = run(root, List.of("git", "rev-parse", "--short", ref + "^{commit}"), 30);
        if (result.exit != 0) throw new Failed(ref + " is not a commit of " + root + ": " + result.lastLine());
        return result.output.strip();
    }

    /**
     * Builds the LMS at {@code ref} (with {@code patch} applied when not null) into {@code jar}.
     *
     * @param root the repository (the project's root, holding mvnw)
     */
    public static Path build(Path root, String ref, Path patch, Path jar) throws IOException {
        String commit = shortHash(root, ref);
        Path tree = Files.createTempDirectory("lms-build-" + commit + "-");
        try {
            check(run(root, List.of("git", "worktree", "add", "--quiet", "--detach", tree.toString(), commit), 120), "git worktree add " + commit);
            if (patch != null) check(run(tree, List.of("git", "apply", patch.toAbsolutePath().toString()), 60), "git apply " + patch.getFileName());
            check(run(tree, List.of(root.resolve("mvnw").toString(), "-o", "-q", "-B", "-ntp", "-DskipTests", "-Dinvoker.skip=true", "package",
                    "-pl", "reference-app", "-am"), 900), "building the LMS at " + commit + (patch == null ? "" : " with " + patch.getFileName()));
            Files.createDirectories(jar.toAbsolutePath().getParent());
            Path partial = jar.resolveSibling(jar.getFileName() + ".partial");
            Files.copy(tree.resolve("reference-app/target/reference-app.jar"), partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return jar;
        } finally {
            run(root, List.of("git", "worktree", "remove", "--force", tree.toString()), 60);
            if (Files.exists(tree)) run(root, List.of("rm", "-rf", tree.toString()), 60);
        }
    }

    private record Result(int exit, String output) {
        String lastLine() {
            List<String> lines = output.strip().lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    private static void check(Result result, String what) {
        if (result.exit != 0) throw new Failed(what + " failed (exit " + result.exit + "): " + result.lastLine());
    }

    private static Result run(Path directory, List<String> command, long timeoutSeconds) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).directory(directory.toFile()).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new Failed(String.join(" ", command) + " did not end within " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), new String(output));
        } catch (IOException e) {
            throw new Failed(command.get(0) + " cannot be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted running " + String.join(" ", command));
        }
    }
}
