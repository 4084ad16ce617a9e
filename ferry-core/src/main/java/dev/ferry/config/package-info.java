/**
 * The project's configuration, read once. API: {@link dev.ferry.config.ProjectConfig},
 * {@link dev.ferry.config.EnvironmentSettings}, {@link dev.ferry.config.ConfigOverrides} and
 * {@link dev.ferry.config.ConfigLoader}. The YAML binding ({@code YamlDocument}, the section
 * records) is engine, public only where plans and protected data reuse it.
 */
package dev.ferry.config;
