from jobsprint.common import migrations
from jobsprint.workflows.adapters.orm import SCHEMA, metadata

migrations.run(metadata=metadata, schema=SCHEMA)
