from jobsprint.common import migrations
from jobsprint.common.db import schema_metadata

# The integrations schema holds no tables yet; credentials arrive with their migration.
migrations.run(metadata=schema_metadata("integrations"), schema="integrations")
