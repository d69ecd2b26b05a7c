from jobsprint.common import migrations
from jobsprint.integrations.adapters.orm import SCHEMA, metadata

migrations.run(metadata=metadata, schema=SCHEMA)
