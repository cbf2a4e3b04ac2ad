//! Client scripts (the conformance contract).
