package com.nusomi.shardwriter.persistence;

/**
 * One row of an export's plan (planner.plan_rows) with what the catalog holds for it. A referenced frame or event
 * that the catalog no longer holds (session deleted since planning) is null here while its id is not.
 *
 * @param frameId null when the planner found no frame for the row's event ({@code "frame": null})
 * @param eventId null for a frame without an action
 */
public record PlanRow(long seq, String sessionId, long tMs, String workflow, String outcome,
                      String frameId, CatalogFrame frame,
                      String eventId, CatalogEvent event,
                      String priorEventId, CatalogEvent priorEvent) {}
