package dev.rdbss.api.io;

import dev.rdbss.api.Credentials;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Options of {@link IoSession#netUse}: explicit credentials ({@code net use X: \\s\sh /user:NAME}),
 * otherwise the logon's.
 */
public final class NetUseOptions {

  private static final NetUseOptions DEFAULTS = new NetUseOptions(null);

  private final @Nullable Credentials credentials;

  private NetUseOptions(@Nullable Credentials credentials) {
    this.credentials = credentials;
  }

  /** Use the logon's credentials. */
  public static NetUseOptions defaults() {
    return DEFAULTS;
  }

  /** Use explicit credentials for this mapping. */
  public static NetUseOptions withCredentials(Credentials credentials) {
    return new NetUseOptions(credentials);
  }

  /** The explicit credentials, if any. */
  public Optional<Credentials> credentials() {
    return Optional.ofNullable(credentials);
  }

  @Override
  public String toString() {
    return credentials == null ? "NetUseOptions[logon]" : "NetUseOptions[" + credentials + "]";
  }
}
