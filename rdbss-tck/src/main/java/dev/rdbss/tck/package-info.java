/**
 * The conformance kit (issue 8): the subject contract a plugin author implements ({@link
 * dev.rdbss.tck.TckSubject}), the numbered rules of each area ({@code …Rules}) and the abstract
 * JUnit 5 classes that run them ({@code …Verification}). See the module's README.
 */
@org.jspecify.annotations.NullMarked
package dev.rdbss.tck;
