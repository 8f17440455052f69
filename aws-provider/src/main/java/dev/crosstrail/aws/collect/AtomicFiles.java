package dev.crosstrail.aws.collect;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files appear complete or not at all: each is written to a hidden sibling
 * ({@code .NAME.partial}, which crosstrail's readers skip) and then moved into place.
 */
final class AtomicFiles {

  private AtomicFiles() {
  }

  static Path temporaryFor(Path target) throws IOException {
    Files.createDirectories(target.getParent());
    return target.resolveSibling("." + target.getFileName() + ".partial");
  }

  static void commit(Path temporary, Path target) throws IOException {
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Resolves an S3 key or relative path under {@code root}, refusing keys that would escape it. */
  static Path under(Path root, String relative) {
    Path resolved = root.resolve(relative).normalize();
    if (relative.startsWith("/") || relative.contains("\\") || !resolved.startsWith(root.normalize())
        || resolved.equals(root.normalize())) {
      throw new IllegalArgumentException("Refusing to write '" + relative + "' outside the output directory " + root);
    }
    return resolved;
  }
}
