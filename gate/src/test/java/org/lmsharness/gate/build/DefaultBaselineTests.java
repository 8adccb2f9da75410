package org.lmsharness.gate.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The baseline a gate chooses when given none, in real git repositories of a few commits. */
class DefaultBaselineTests {

    @TempDir
    Path repo;

    @Test
    void aCleanTreeIsGatedAgainstItsParent() throws Exception {
        commits(2);
        assertThat(LmsBuild.defaultBaseline(repo)).isEqualTo(new LmsBuild.Baseline("HEAD~1", "the last commit's parent"));
    }

    @Test
    void uncommittedChangesAreGatedAgainstHead() throws Exception {
        commits(2);
        Files.writeString(repo.resolve("file"), "changed");
        assertThat(LmsBuild.defaultBaseline(repo).ref()).isEqualTo("HEAD");
    }

    @Test
    void theLastReleaseTagComesFirstButNotTheCandidatesOwn() throws Exception {
        commits(1);
        git("tag", "v1.0");
        commits(2);
        assertThat(LmsBuild.defaultBaseline(repo)).isEqualTo(new LmsBuild.Baseline("v1.0", "the last release tag"));
        git("tag", "v1.1"); // on HEAD: that is the candidate itself, so the release before it
        assertThat(LmsBuild.defaultBaseline(repo).ref()).isEqualTo("v1.0");
        Files.writeString(repo.resolve("file"), "changed"); // v1.1 plus uncommitted changes: v1.1 is the last release
        assertThat(LmsBuild.defaultBaseline(repo).ref()).isEqualTo("v1.1");
    }

    @Test
    void aBranchIsGatedAgainstWhereItLeftItsUpstream() throws Exception {
        commits(2);
        String fork = git("rev-parse", "HEAD").substring(0, 12);
        git("checkout", "-q", "-b", "feature", "--track", currentBranch());
        commits(2);
        assertThat(LmsBuild.defaultBaseline(repo)).isEqualTo(new LmsBuild.Baseline(fork, "the merge base with the upstream branch"));
    }

    @Test
    void oneCleanCommitHasNothingToCompareWith() throws Exception {
        commits(1);
        assertThatThrownBy(() -> LmsBuild.defaultBaseline(repo)).isInstanceOf(LmsBuild.Failed.class).hasMessageContaining("give --baseline");
    }

    private int made;

    private void commits(int count) throws Exception {
        if (!Files.exists(repo.resolve(".git"))) git("init", "-q");
        for (int i = 0; i < count; i++) {
            Files.writeString(repo.resolve("file"), "commit " + ++made);
            git("add", "file");
            git("commit", "-q", "-m", "commit " + made);
        }
    }

    private String currentBranch() throws Exception {
        return git("rev-parse", "--abbrev-ref", "HEAD");
    }

    private String git(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=gate", "-c", "user.email=gate@localhost", "-c", "commit.gpgsign=false",
                "-c", "tag.gpgsign=false"));
        command.addAll(List.of(arguments));
        Process git = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
        String output = new String(git.getInputStream().readAllBytes()).strip();
        assertThat(git.waitFor()).as("git %s: %s", String.join(" ", arguments), output).isZero();
        return output;
    }
}
