package dev.rdbss.tck;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The spec sections a rule checks and what a plugin author should look at when it fails; every
 * failure message of the rule ends with {@link #check()} (issue 8 point 2).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface TckRule {

  /** The sections of rdbss-spec.md, e.g. {@code "§5.2, §9 pitfall 1"}. */
  String spec();

  /** What to check in the plugin when the rule fails. */
  String check();
}
