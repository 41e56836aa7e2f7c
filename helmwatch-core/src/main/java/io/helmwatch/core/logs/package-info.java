/**
 * Routing of controller log lines to components: {@link io.helmwatch.core.logs.HelmControllerLogLine} reads
 * the HelmRelease a helm-controller log line is about, so a log tailer can deliver it as a {@link
 * io.helmwatch.core.ComponentLog}.
 */
@NullMarked
package io.helmwatch.core.logs;

import org.jspecify.annotations.NullMarked;
