import { commonEnv, ConfigError, loadConfig, port, postgresUrl, z } from '@jobcenter/config';

const schema = z.object({ ...commonEnv, PORT: port(4000), DATABASE_URL: postgresUrl });

describe('loadConfig', () => {
  it('applies defaults and parses the broker list', () => {
    const config = loadConfig(schema, {
      DATABASE_URL: 'postgres://u:p@localhost:5432/x',
      KAFKA_BROKERS: 'a:1, b:2',
    });
    expect(config.PORT).toBe(4000);
    expect(config.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('names every wrong variable in one error', () => {
    const attempt = () =>
      loadConfig(schema, { PORT: '99999', DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'nohostport' });
    expect(attempt).toThrow(ConfigError);
    let message = '';
    try {
      attempt();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/PORT:/);
    expect(message).toMatch(/DATABASE_URL: expected a postgres:\/\/ connection string/);
    expect(message).toMatch(/KAFKA_BROKERS/);
  });

  it('reports a missing required variable', () => {
    expect(() => loadConfig(schema, {})).toThrow(/DATABASE_URL/);
  });
});
