package dev.crosstrail.cli;

import dev.crosstrail.graph.Activity;
import dev.crosstrail.graph.PrincipalGraph;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crosstrail activity --principal ID PATH...}: everything a principal is behind, in both clouds. */
@Command(name = "activity", mixinStandardHelpOptions = true,
    description = {"Shows what a principal did, directly and through every identity derived from it.",
        "Derived identities are role sessions, federated identities and impersonated service accounts, "
            + "across both clouds, each reached while the credential before it was valid. For a role: "
            + "its sessions, whoever assumed it."})
final class ActivityCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  GraphInputs inputs;

  @Option(names = "--principal", required = true, paramLabel = "ID",
      description = "Canonical id, e.g. arn:aws:iam::111111111111:user/alice or user:alice@example.com.")
  String principal;

  @Option(names = "--json", description = "Print the activity as JSON.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    GraphInputs.Loaded loaded = inputs.loadRetaining(spec.commandLine().getErr());
    PrincipalGraph graph = loaded.graph();
    Activity activity = graph.activity(principal);
    if (activity.isEmpty()) {
      Optional<String> meant = meant(graph, principal);
      spec.commandLine().getErr().println("crosstrail: no record in the inputs names " + principal
          + " or an identity derived from it; " + meant.map(m -> "did you mean " + m + "?")
              .orElse("give its canonical id, e.g. arn:aws:iam::111111111111:user/alice,"
                  + " arn:aws:iam::111111111111:role/Deploy, user:alice@example.com or"
                  + " serviceAccount:deploy@my-project.iam.gserviceaccount.com"));
      return loaded.status(false);
    }
    out.println(json ? AttributionJson.activity(activity) : TextReport.activity(activity));
    out.flush();
    return loaded.status(true);
  }

  /** The canonical id a bare email most likely meant, if the inputs know it under that id. */
  private static Optional<String> meant(PrincipalGraph graph, String asked) {
    if (asked.contains(":") || !asked.contains("@")) {
      return Optional.empty();
    }
    for (String prefix : List.of("user:", "serviceAccount:", "group:")) {
      Activity a = graph.activity(prefix + asked);
      if (!a.isEmpty()) {
        return Optional.of(prefix + asked);
      }
    }
    return Optional.empty();
  }
}
