"""The graph/timeline model: what runs in which graph, in order."""

from .builder import ProgramBuilder
from .program import (
    CheckpointCall,
    Event,
    Frame,
    GraphId,
    GraphReset,
    InitializerCreation,
    MetaGraphImport,
    OpaqueCall,
    Program,
    Relation,
    SaverConstruction,
    SaverUse,
    SessionClose,
    SessionCreation,
    SessionHandOff,
    SessionRun,
    VariableCreation,
    history_visible,
    relation,
)
from .tree import build_module, forget_last_nodes

__all__ = [
    "CheckpointCall", "Event", "Frame", "GraphId", "GraphReset", "InitializerCreation", "MetaGraphImport", "OpaqueCall", "Program",
    "ProgramBuilder", "Relation", "SaverConstruction", "SaverUse", "SessionClose", "SessionCreation", "SessionHandOff", "SessionRun",
    "VariableCreation", "build_module", "forget_last_nodes", "history_visible", "relation",
]
