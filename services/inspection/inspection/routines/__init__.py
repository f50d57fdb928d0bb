"""The enterprise's routine: 风险管控清单, 日管控、周排查、月调度, duty documents and training (F8)."""
