/**
 * `docpipe worker`: a process on any machine that runs the coordinator's stage tasks (serve --broker),
 * taken from RabbitMQ, with the same extraction threads a local run uses. It opens no data folder: the
 * coordinator is the only writer. Runs until SIGTERM or Ctrl-C, then finishes what it holds (or hands
 * it back) and exits 0.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { REMOTE_STAGES } from '../../core/broker/brokerProtocol.js';
import { TaskWorker } from '../../core/broker/TaskWorker.js';
import { createLogger } from '../../core/log/logger.js';
import { stderrLogFormat } from '../../core/log/humanLog.js';
import { packageRoot } from '../../core/packageRoot.js';
import { createExtractPool } from '../../core/pipeline/WorkerPool.js';
import { defaultWorkerCount } from '../../core/config.js';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import { defineCommand, EXIT_OK } from '../command.js';
import { requiredFlag, schemaFlag, textFlag } from '../flags.js';
import { waitUntilStopped } from '../waiting.js';

export const worker = defineCommand({
  name: 'worker',
  operands: '',
  summary: 'run stage tasks for a coordinator (serve --broker) on this machine, through RabbitMQ',
  details:
    'Start it with the line "docpipe serve --broker" printed, on as many machines as you have:\n' +
    '  docpipe worker --broker amqp://user:pass@broker-host/vhost --coordinator http://coordinator:8790 --token T\n' +
    'The token may come from $DOCPIPE_WORKER_TOKEN instead (then it is not shown in the process list).\n' +
    'It waits for the broker and the coordinator when they are away; SIGTERM or Ctrl-C finishes the tasks in\n' +
    'hand (or hands them back to the broker) and exits 0.',
  flags: {
    broker: requiredFlag(textFlag('URL', 'the RabbitMQ the coordinator uses (amqp://user:pass@host/vhost)')),
    coordinator: requiredFlag(textFlag('URL', 'the worker address serve printed (--coordinator http://host:port)')),
    token: textFlag('T', 'the worker token serve printed (or $DOCPIPE_WORKER_TOKEN)'),
    stages: schemaFlag(z.array(z.enum(REMOTE_STAGES)).min(1), {
      placeholder: 'LIST',
      help: 'stages to run, comma-separated (default: extract)',
    }),
    concurrency: schemaFlag(z.number().int().min(1).max(64), {
      placeholder: 'N',
      help: 'tasks at once: extraction threads and the broker prefetch (default: by the number of cores)',
    }),
  },
  core: 'none',
  async run({ flags, options, io, isStopping }) {
    const token = flags.token ?? process.env.DOCPIPE_WORKER_TOKEN;
    if (!token)
      throw new AppError(
        ErrorCode.INVALID_ARGUMENT,
        'worker needs the token "docpipe serve --broker" printed: --token T, or $DOCPIPE_WORKER_TOKEN.',
      );
    let coordinator: URL;
    try {
      coordinator = new URL(flags.coordinator);
    } catch {
      throw new AppError(
        ErrorCode.INVALID_ARGUMENT,
        `--coordinator takes a URL (http://host:port), not "${flags.coordinator}".`,
      );
    }
    if (!/^amqps?:\/\//.test(flags.broker))
      throw new AppError(
        ErrorCode.INVALID_ARGUMENT,
        `--broker takes amqp://user:pass@host/vhost, not "${flags.broker}".`,
      );
    const concurrency = flags.concurrency ?? defaultWorkerCount();
    // One line per task on stderr (JSON unless a person watches a terminal); no data folder, so no log file.
    const { log, flush } = createLogger({
      level: options.verbose ? 'debug' : 'info',
      stderrLevel: options.verbose ? 'debug' : 'info',
      stderrFormat: stderrLogFormat({ json: options.json, isTTY: process.stderr.isTTY === true, env: process.env }),
    });
    // isStopping: a SIGTERM that came while the modules loaded.
    let stopping = isStopping();
    const stop = () => {
      if (stopping) return;
      stopping = true;
      io.stderr('Stopping: tasks in hand finish or go back to the broker.\n');
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const resourcesDir = join(packageRoot(), 'resources');
    const pool = createExtractPool({
      size: concurrency,
      ocr: { engine: 'auto', resourcesDir },
      render: { renderer: 'auto', resourcesDir },
    });
    const taskWorker = new TaskWorker({
      brokerUrl: flags.broker,
      coordinatorUrl: coordinator.toString(),
      token,
      concurrency,
      pool,
      ...(process.env.DOCPIPE_WORKER_DIE_ON_SHA256 && { dieOnSha256: process.env.DOCPIPE_WORKER_DIE_ON_SHA256 }),
      log,
    });
    try {
      await taskWorker.start(() => stopping);
      log.info({ workerId: taskWorker.workerId, concurrency, stages: flags.stages ?? ['extract'] }, 'worker started');
      await waitUntilStopped(() => stopping);
      return EXIT_OK;
    } finally {
      await taskWorker.stop();
      await pool.dispose();
      log.info({ workerId: taskWorker.workerId }, 'worker stopped');
      flush();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
});
