/**
 * Typed configuration records, their defaults and validation, and the documented config template.
 * Pure: JDK and Lightbend Config (HOCON) only.
 */
package dev.vigil.config;
