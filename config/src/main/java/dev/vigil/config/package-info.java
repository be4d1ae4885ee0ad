/**
 * Typed configuration records, their defaults and validation, and the documented config template.
 * Pure: JDK only. (Arrives with issue 5.)
 */
package dev.vigil.config;
