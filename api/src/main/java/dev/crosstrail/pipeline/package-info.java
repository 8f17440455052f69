/**
 * Whole runs over many log files: {@link dev.crosstrail.pipeline.StreamAttribution} reads the logs
 * once, builds the identity graph and attributes every record, with memory bounded by principals and
 * sessions. Built on {@code dev.crosstrail.io} (reading) and {@code dev.crosstrail.graph} (linking).
 */
package dev.crosstrail.pipeline;
