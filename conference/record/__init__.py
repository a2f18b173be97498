"""The record after the meeting: snapshot, tracked changes, approval, corrections, audit chain."""
