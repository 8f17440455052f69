package dev.crosstrail.graph;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The user agents rule 3 reads as the console's, found without a lower-cased copy of each. */
class ConsoleAgentTest {

  @ParameterizedTest
  @ValueSource(strings = {"console.ec2.amazonaws.com", "[S3Console/0.4, aws-internal/3]", "CONSOLE",
      "AWS-Console", "xx consoleyy", "coconsole", "ccccconsole", "console"})
  void agentsThatSayConsole(String agent) {
    assertTrue(DefaultPrincipalGraph.mentionsConsole(agent), agent);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "c", "consol", "onsole", "aws-cli/2.13.5 Python/3.11", "onsolec",
      "c o n s o l e", "consoIe"})
  void agentsThatDoNot(String agent) {
    assertFalse(DefaultPrincipalGraph.mentionsConsole(agent), agent);
  }
}
