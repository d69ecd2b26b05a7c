from jobsprint.auth.adapters.orm import SCHEMA, metadata
from jobsprint.common import migrations

migrations.run(metadata=metadata, schema=SCHEMA)
