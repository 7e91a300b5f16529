package org.intformer.config;

/**
 * Facts about this build of intformer. The version must equal {@code <version>} in pom.xml; a test checks
 * it, because the shaded jar carries no manifest version to read at run time.
 */
public final class Build {
    public static final String VERSION = "0.1.0";

    private Build() {
    }
}
