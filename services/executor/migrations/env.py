from jobsprint.common import migrations
from jobsprint.executor.adapters.orm import SCHEMA, metadata

migrations.run(metadata=metadata, schema=SCHEMA)
