pub fn demo_catalogue() -> app::catalogue::ports::CatalogueBatch { Default::default() }
