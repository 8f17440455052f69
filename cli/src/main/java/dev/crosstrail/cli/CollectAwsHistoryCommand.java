package dev.crosstrail.cli;

import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crosstrail collect aws-history}: CloudTrail event history through LookupEvents. */
@Command(name = "aws-history", mixinStandardHelpOptions = true,
    description = "Collects CloudTrail event history (LookupEvents, last 90 days of management events).")
final class CollectAwsHistoryCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  AwsCollectOptions aws;

  @Option(names = "--cloudtrail-endpoint", paramLabel = "URI",
      description = "CloudTrail endpoint override (VPC endpoint, stand-in).")
  URI cloudTrailEndpoint;

  @Option(names = "--lookup", paramLabel = "KEY=VALUE",
      description = "One lookup attribute, e.g. EventName=AssumeRole or Username=alice.")
  String lookup;

  @Override
  public Integer call() {
    var b = aws.builder(spec.commandLine().getErr());
    if (cloudTrailEndpoint != null) {
      b.cloudTrailEndpoint(cloudTrailEndpoint);
    }
    if (lookup != null) {
      int eq = lookup.indexOf('=');
      if (eq <= 0) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--lookup '" + lookup + "': expected KEY=VALUE, e.g. EventName=AssumeRole");
      }
      b.lookupAttribute(lookup.substring(0, eq), lookup.substring(eq + 1));
    }
    return AwsCollectOptions.report(b.build().collectEventHistory(), spec.commandLine().getErr());
  }
}
