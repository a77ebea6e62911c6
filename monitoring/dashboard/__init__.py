"""The national and regional dashboards: filters, aggregate queries, panels and exports."""
