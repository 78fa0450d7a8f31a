/**
 * The {@code ringbook} command line (picocli): one class per subcommand, each a thin front over a module's API.
 */
package io.ringbook.tools;
