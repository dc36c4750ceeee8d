//! End-to-end tests of autotag against one shared moto_server (the single integration test binary; one module per topic).

mod admission;
mod audit;
mod batching;
mod config_store;
mod deployment;
mod doctor;
mod enforce;
mod harness_smoke;
mod identity;
mod images;
mod native_routes;
mod organizations;
mod retag;
mod stamping;
mod trust;
